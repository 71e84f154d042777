package layout

import (
	"fmt"

	"github.com/baklint/baklint/bakhdr"
)

var ruleTooManyDatabaseFiles = Rule{
	ID:        "too-many-database-files",
	Severity:  Warning,
	Targets:   lrsTargets,
	Rationale: "A General Purpose Managed Instance holds at most 280 database files; a database with more does not restore there. Counted in the file list of the latest full backup, from the two ranges baklint reads of it: whole up to 420-470 files (the head's copy completed by the trailer's; longer paths, fewer files), beyond that the first and last 210-240 files, a lower bound over the limit.",
	Link:      docMILimits,
	Check:     fileListCheck(checkTooManyDatabaseFiles),
}

// maxDatabaseFilesGP is the General Purpose limit of database files per
// instance; one database above it cannot fit on its own.
const maxDatabaseFilesGP = 280

// checkTooManyDatabaseFiles counts the files of each database's latest
// full backup. An incomplete list still counts: the real number is larger.
func checkTooManyDatabaseFiles(c *Context, d, i int, files []bakhdr.DatabaseFile, complete bool) {
	if len(files) <= maxDatabaseFilesGP {
		return
	}
	n := fmt.Sprint(len(files))
	if !complete {
		n = "at least " + n
	}
	c.reportFileList(d, i,
		fmt.Sprintf("%s database files; a General Purpose Managed Instance holds at most %d for all its databases", n, maxDatabaseFilesGP),
		"migrate it to a Business Critical Managed Instance (up to 32,767 files per database), or merge files on the source (DBCC SHRINKFILE (name, EMPTYFILE); ALTER DATABASE … REMOVE FILE name), take a new full backup and migrate from it")
}
