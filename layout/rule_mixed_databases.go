package layout

import (
	"cmp"
	"fmt"
	"slices"
)

var ruleMixedDatabases = Rule{
	ID:        "mixed-databases",
	Severity:  Error,
	Rationale: "DMS and LRS identify the database from each backup's header and refuse a folder holding backups of more than one database.",
	Link:      docLRS,
	Check:     checkMixedDatabases,
}

func checkMixedDatabases(c *Context) {
	for _, fo := range c.Folders {
		if fo.Backups < 2 {
			continue
		}
		counts := map[int32]int{}
		names := map[string]int{} // databases per name, to say when servers tell them apart
		for _, i := range fo.Files {
			if f := c.Files[i]; f.Backup && f.DB >= 0 {
				if counts[f.DB] == 0 {
					names[c.Databases[f.DB].Name]++
				}
				counts[f.DB]++
			}
		}
		if len(counts) < 2 {
			continue
		}
		dbs := make([]int32, 0, len(counts))
		for d := range counts {
			dbs = append(dbs, d)
		}
		slices.SortFunc(dbs, func(a, b int32) int { return cmp.Or(counts[b]-counts[a], int(a-b)) })
		listed := make([]string, len(dbs))
		moves := make([]string, len(dbs))
		for k, d := range dbs {
			db := c.Databases[d]
			label := quote(db.Name)
			if names[db.Name] > 1 {
				// Same name, other identity: the server is what a DBA knows them by.
				label += " from " + db.describe()
			}
			listed[k] = fmt.Sprintf("%s (%s)", label, plural(counts[d], "file"))
			dest := c.destFolder(db)
			if dest == folderPath(fo.Path) {
				moves[k] = label + " stays in " + dest
			} else {
				moves[k] = label + " to " + dest
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
