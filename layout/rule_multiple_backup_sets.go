package layout

import (
	"fmt"

	"github.com/baklint/baklint/bakhdr"
)

var ruleMultipleBackupSets = Rule{
	ID:        "multiple-backup-sets",
	Severity:  Error,
	Rationale: "LRS and DMS restore one backup set per file; backups appended to an existing file (no WITH INIT/FORMAT) are refused.",
	Link:      docLRS,
	Check:     headerCheck(checkMultipleBackupSets),
}

func checkMultipleBackupSets(_ *Context, _ FileInfo, h *bakhdr.Header) (message, remedy string) {
	if h.Position <= 1 && h.BackupSets <= 1 {
		return "", ""
	}
	sets := max(h.BackupSets, h.Position)
	return fmt.Sprintf("file holds at least %d backup sets (appended backups); DMS and LRS need one backup set per file", sets),
		"restore the sets you need (RESTORE … WITH FILE = n) and back each up to its own file, and take future backups WITH INIT or to new file names"
}
