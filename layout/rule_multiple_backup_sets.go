package layout

import "fmt"

var ruleMultipleBackupSets = Rule{
	ID:        "multiple-backup-sets",
	Severity:  Error,
	Rationale: "LRS and DMS restore one backup set per file; backups appended to an existing file (no WITH INIT/FORMAT) are refused.",
	Link:      docLRS,
	Check:     checkMultipleBackupSets,
}

func checkMultipleBackupSets(c *Context) {
	for i, f := range c.Files {
		h := f.Header
		if h == nil || (h.Position <= 1 && h.BackupSets <= 1) {
			continue
		}
		sets := max(h.BackupSets, h.Position)
		c.reportFile(i,
			fmt.Sprintf("file holds at least %d backup sets (appended backups); DMS and LRS need one backup set per file", sets),
			"restore the sets you need (RESTORE … WITH FILE = n) and back each up to its own file, and take future backups WITH INIT or to new file names")
	}
}
