package layout

import (
	"fmt"

	"github.com/baklint/baklint/bakhdr"
)

var ruleStripedLogBackup = Rule{
	ID:        "striped-log-backup",
	Severity:  Error,
	Targets:   lrsTargets,
	Rationale: "LRS does not restore log backups striped over several files.",
	Link:      docLRS,
	Check:     headerCheck(checkStripedLogBackup),
}

func checkStripedLogBackup(_ *Context, _ FileInfo, h *bakhdr.Header) (message, remedy string) {
	if h.BackupType != bakhdr.TypeLog || h.FamilyCount < 2 {
		return "", ""
	}
	return fmt.Sprintf("log backup is stripe %d of %d; LRS needs each log backup in a single file", h.FamilySequence, h.FamilyCount),
		"take log backups to a single file (one TO URL/DISK clause), then a new full backup to start a chain LRS can replay"
}
