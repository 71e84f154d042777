package layout

var ruleEmptyBackup = Rule{
	ID:        "empty-backup",
	Severity:  Error,
	Rationale: "A zero-byte backup file holds no backup; DMS and LRS stop when they try to read its header.",
	Link:      docHeader,
	KeepsFile: true,
	Check:     checkEmptyBackup,
}

func checkEmptyBackup(c *Context) {
	for i, f := range c.Files {
		if f.Backup && f.Size == 0 {
			c.reportFile(i, "backup file is empty (0 bytes)",
				"delete it, or upload the real backup again (an interrupted copy leaves empty files)")
		}
	}
}
