package layout

import (
	"fmt"

	"github.com/baklint/baklint/bakhdr"
)

var ruleMissingFullBackup = Rule{
	ID:        "missing-full-backup",
	Severity:  Error,
	Rationale: "A restore starts from a full backup; differential and log backups alone cannot be restored.",
	Link:      docLogChain,
	Check:     databaseCheck(checkMissingFullBackup),
}

func checkMissingFullBackup(c *Context, _ int, db *DatabaseFiles) {
	if !c.missingFull(db) {
		return
	}
	diffs, logs, first := 0, 0, -1
	for _, i := range db.Files {
		f := c.Files[i]
		if !f.Backup {
			continue
		}
		switch f.BackupType.String() {
		case bakhdr.TypeLog:
			logs++
		case bakhdr.TypeDifferential, bakhdr.TypeDifferentialFile, bakhdr.TypeDifferentialPartial:
			diffs++
		default:
			continue
		}
		if first < 0 || f.Path < c.Files[first].Path {
			first = i
		}
	}
	c.reportFile(first,
		fmt.Sprintf("database %s has %s and %s but no full backup", quote(db.Name), plural(diffs, "differential backup"), plural(logs, "log backup")),
		fmt.Sprintf("add the full backup of %s that these backups build on (in %s), or take a new full backup and copy it there", quote(db.Name), c.destFolder(db)))
}
