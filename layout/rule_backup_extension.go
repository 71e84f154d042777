package layout

import (
	"fmt"

	"github.com/baklint/baklint/bakhdr"
)

var ruleBackupExtension = Rule{
	ID:        "backup-extension",
	Severity:  Warning,
	Targets:   lrsTargets,
	Rationale: "LRS picks backups by their names (.bak, .trn, .log, .diff) and skips other files, even real backups, which leaves a hole in the chain.",
	Link:      docLRS,
	Check:     fileCheck(checkBackupExtension),
}

func checkBackupExtension(_ *Context, f FileInfo) (message, remedy string) {
	if f.Content != Native || HasAcceptedExtension(f.Path) {
		return "", ""
	}
	return fmt.Sprintf("a SQL Server %s backup by its header, but named %q, which LRS skips", f.Header.BackupType, f.Name()),
		fmt.Sprintf("rename it to %s (baklint fix names it so)", BackupFileName(f.Name(), f.Header.BackupType))
}

// BackupFileName is the name a backup gets when its own name lacks an
// extension LRS accepts: a log backup ends in .trn, any other in .bak.
func BackupFileName(name, backupType string) string {
	if HasAcceptedExtension(name) {
		return name
	}
	if backupType == bakhdr.TypeLog {
		return name + ".trn"
	}
	return name + ".bak"
}
