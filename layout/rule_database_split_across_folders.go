package layout

import (
	"fmt"
	"slices"
	"strings"
)

var ruleDatabaseSplitAcrossFolders = Rule{
	ID:        "database-split-across-folders",
	Severity:  Error,
	Rationale: "DMS and LRS restore each database from the one folder they are pointed at; backups of it in other folders are not seen, so no folder restores on its own.",
	Link:      docLRS,
	Check:     databaseCheck(checkDatabaseSplitAcrossFolders),
}

// checkDatabaseSplitAcrossFolders counts only folders DMS could read (the
// root and first-level folders): a backup deeper down already gets a
// nested-folder finding that names the database's folder, so Ola's tree
// is told once where to go, not twice.
func checkDatabaseSplitAcrossFolders(c *Context, _ int, db *DatabaseFiles) {
	counts := map[string]int{}
	for _, i := range db.Files {
		if f := c.Files[i]; f.Backup && f.Depth <= 1 {
			counts[f.Dir()]++
		}
	}
	if len(counts) < 2 {
		return
	}
	dirs := make([]string, 0, len(counts))
	for d := range counts {
		dirs = append(dirs, d)
	}
	slices.SortFunc(dirs, strings.Compare)
	listed := make([]string, len(dirs))
	for k, d := range dirs {
		name := "the container root"
		if d != "" {
			name = quote(d + "/")
		}
		listed[k] = fmt.Sprintf("%s (%s)", name, plural(counts[d], "file"))
	}
	c.Report(Finding{
		Container: db.Container,
		Path:      folderPath(dirs[0]),
		Database:  db.Name,
		Message: fmt.Sprintf("backups of database %s are split across %d folders: %s; DMS and LRS restore a database from one folder",
			quote(db.Name), len(dirs), joinLimited(listed)),
		Remedy: fmt.Sprintf("gather the backups of %s into one folder, e.g. %s (baklint fix does this)", quote(db.Name), c.destFolder(db)),
	})
}
