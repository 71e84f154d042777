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
	Check:     checkStripedLogBackup,
}

func checkStripedLogBackup(c *Context) {
	for i, f := range c.Files {
		h := f.Header
		if h == nil || h.BackupType != bakhdr.TypeLog || h.FamilyCount < 2 {
			continue
		}
		c.reportFile(i,
			fmt.Sprintf("log backup is stripe %d of %d; LRS needs each log backup in a single file", h.FamilySequence, h.FamilyCount),
			"take log backups to a single file (one TO URL/DISK clause), then a new full backup to start a chain LRS can replay")
	}
}
