package layout

import "fmt"

var ruleTooManyFiles = Rule{
	ID:        "too-many-files",
	Severity:  Warning,
	Targets:   lrsTargets,
	Rationale: "LRS scans every file of a database's folder; thousands of files slow the migration down or break it.",
	Link:      docLRS,
	Check:     databaseCheck(checkTooManyFiles),
}

// maxFilesPerDatabase is where LRS starts to struggle.
const maxFilesPerDatabase = 1000

func checkTooManyFiles(c *Context, d int, db *DatabaseFiles) {
	n, first := 0, -1
	for _, i := range db.Files {
		if c.Files[i].Backup {
			n++
			if first < 0 || c.Files[i].Path < c.Files[first].Path {
				first = i
			}
		}
	}
	if n <= maxFilesPerDatabase {
		return
	}
	remedy := "keep only the latest full backup, its latest differential and the log backups after them in the database's folder; move older backups elsewhere"
	if ch := c.chainOf(d); ch.full >= 0 {
		remedy = fmt.Sprintf("move backups older than the latest full backup (%s) out of %s; LRS needs only it, its latest differential and the logs after them", c.Files[ch.full].Name(), c.destFolder(db))
	}
	f := c.Files[first]
	c.Report(Finding{
		Container: f.Container,
		Path:      folderPath(f.Dir()),
		Database:  db.Name,
		Message:   fmt.Sprintf("database %s has %d backup files; LRS slows down or fails beyond %d", quote(db.Name), n, maxFilesPerDatabase),
		Remedy:    remedy,
	})
}
