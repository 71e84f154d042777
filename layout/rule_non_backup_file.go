package layout

var ruleNonBackupFile = Rule{
	ID:        "non-backup-file",
	Severity:  Warning,
	Rationale: "DMS and LRS try to read every file of a backup folder as a backup; other files make the restore fail or stall.",
	Link:      docLRS,
	KeepsFile: true,
	Check:     checkNonBackupFile,
}

func checkNonBackupFile(c *Context) {
	for _, fo := range c.Folders {
		if fo.Backups == 0 || fo.Backups == len(fo.Files) {
			continue
		}
		for _, i := range fo.Files {
			// A file named like a backup is unreadable-header's.
			if f := c.Files[i]; !f.Backup && f.Name() != "" && !f.unreadable() {
				c.reportFile(i, "not a backup file, next to backups in "+where(fo.Path),
					"move it out of the backup folder (or delete it); keep only .bak/.trn backups there")
			}
		}
	}
}
