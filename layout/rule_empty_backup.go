package layout

var ruleEmptyBackup = Rule{
	ID:        "empty-backup",
	Severity:  Error,
	Rationale: "A zero-byte backup file holds no backup; DMS and LRS stop when they try to read its header.",
	Link:      docHeader,
	KeepsFile: true,
	Check:     fileCheck(checkEmptyBackup),
}

func checkEmptyBackup(_ *Context, f FileInfo) (message, remedy string) {
	if !f.Backup || f.Size != 0 {
		return "", ""
	}
	return "backup file is empty (0 bytes)",
		"delete it, or upload the real backup again (an interrupted copy leaves empty files)"
}
