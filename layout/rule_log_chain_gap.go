package layout

import "fmt"

func init() {
	register(Rule{
		ID:        "log-chain-gap",
		Severity:  Error,
		Rationale: "Log backups restore only in an unbroken LSN sequence from the latest full (or differential) backup; a gap stops the restore there.",
		Link:      docLogChain,
		Check:     checkLogChainGap,
	})
}

func checkLogChainGap(c *Context) {
	for d, db := range c.Databases {
		ch := c.chainOf(d)
		for _, g := range ch.gaps {
			c.reportFile(g.At,
				fmt.Sprintf("log chain of %s is broken: no backup holds LSNs %s to %s, between %s and this log backup (FirstLSN %s)",
					quote(db.Name), g.From, g.To, c.Files[g.After].Name(), g.To),
				fmt.Sprintf("add the log backups taken after %s that include LSN %s to %s (msdb.dbo.backupset lists them), or take a new full backup to start a new chain",
					c.Files[g.After].Name(), g.From, c.destFolder(db.Name)))
		}
	}
}
