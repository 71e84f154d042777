package layout

import "fmt"

var ruleLogChainGap = Rule{
	ID:        "log-chain-gap",
	Severity:  Error,
	Rationale: "Log backups restore only in an unbroken LSN sequence from the latest full (or differential) backup; a gap stops the restore there.",
	Link:      docLogChain,
	Check:     databaseCheck(checkLogChainGap),
}

func checkLogChainGap(c *Context, d int, db *DatabaseFiles) {
	c.reportStale(db)
	ch := c.chainOf(d)
	for _, g := range ch.gaps {
		c.reportFile(g.At,
			fmt.Sprintf("log chain of %s is broken: no backup holds LSNs %s to %s, between %s and this log backup (FirstLSN %s)",
				quote(db.Name), g.From, g.To, c.Files[g.After].Name(), g.To),
			fmt.Sprintf("add the log backups taken after %s that include LSN %s to %s (msdb.dbo.backupset lists them), or take a new full backup to start a new chain",
				c.Files[g.After].Name(), g.From, c.destFolder(db)))
	}
}

// reportStale reports the backups of db from before it was restored in
// place: their BindingID is not the current one, so no chain built from the
// current backups can use them, and a folder that holds both confuses the
// restore. Moving them cannot help: the fixer leaves them.
func (c *Context) reportStale(db *DatabaseFiles) {
	for _, i := range db.Files {
		f := c.Files[i]
		if !f.Stale {
			continue
		}
		c.Report(Finding{
			Container: f.Container, Path: f.Path, Database: f.Database, KeepsFile: true,
			Message: fmt.Sprintf("backup of %s from before the database was restored in place on %s (BindingID %s, now %s): it cannot join the current restore chain",
				quote(db.Name), quote(db.Server), f.Header.BindingID, db.BindingID),
			Remedy: fmt.Sprintf("keep it out of %s (archive it elsewhere); migrate from the backups taken since the restore, starting with a full backup", c.destFolder(db)),
		})
	}
}
