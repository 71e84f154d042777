package layout

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

func init() {
	register(Rule{
		ID:        "mixed-databases",
		Severity:  Error,
		Rationale: "DMS and LRS identify the database from each backup's header and refuse a folder holding backups of more than one database.",
		Link:      docLRS,
		Check:     checkMixedDatabases,
	})
}

func checkMixedDatabases(c *Context) {
	for _, fo := range c.Folders {
		if fo.Backups < 2 {
			continue
		}
		counts := map[string]int{}
		for _, i := range fo.Files {
			if f := c.Files[i]; f.Backup && f.Database != "" {
				counts[f.Database]++
			}
		}
		if len(counts) < 2 {
			continue
		}
		dbs := make([]string, 0, len(counts))
		for db := range counts {
			dbs = append(dbs, db)
		}
		slices.SortFunc(dbs, func(a, b string) int { return cmp.Or(counts[b]-counts[a], strings.Compare(a, b)) })
		listed := make([]string, len(dbs))
		moves := make([]string, len(dbs))
		for k, db := range dbs {
			listed[k] = fmt.Sprintf("%s (%s)", quote(db), plural(counts[db], "file"))
			dest := c.destFolder(db)
			if dest == folderPath(fo.Path) {
				moves[k] = quote(db) + " stays in " + dest
			} else {
				moves[k] = quote(db) + " to " + dest
			}
		}
		c.Report(Finding{
			Container: fo.Container,
			Path:      folderPath(fo.Path),
			Message:   fmt.Sprintf("%s holds backups of %d databases: %s; DMS and LRS need one database per folder", where(fo.Path), len(dbs), joinLimited(listed)),
			Remedy:    "move each database's backups to its own folder: " + joinLimited(moves) + " (baklint fix does this)",
		})
	}
}
