package layout

import (
	"fmt"

	"github.com/baklint/baklint/bakhdr"
)

var ruleMultipleLogFiles = Rule{
	ID:        "multiple-log-files",
	Severity:  Error,
	Targets:   lrsTargets,
	Rationale: "Managed Instance restores a database with one log file only; the restore refuses more (IncompatiblePhysicalLayoutWrongNumberOfLogFiles), hours into a migration. Read from the file list of the latest full backup.",
	Link:      docMIDiff,
	// Not KeepsFile: a new backup on the source repairs it, and gathering
	// the database's other backups into its folder is still right.
	Check: fileListCheck(checkMultipleLogFiles),
}

// checkMultipleLogFiles counts the log files of each database's latest full
// backup (the decoder's type code 2, verified on every sample).
func checkMultipleLogFiles(c *Context, d, i int, files []bakhdr.DatabaseFile, _ bool) {
	logs := filesOfType(files, bakhdr.FileLog)
	if len(logs) < 2 {
		return
	}
	c.reportFileList(d, i,
		fmt.Sprintf("%d log files, %s; Managed Instance allows one", len(logs), describeFiles(logs)),
		fmt.Sprintf("on the source, empty and drop every log file but %s (DBCC SHRINKFILE (name, EMPTYFILE); ALTER DATABASE … REMOVE FILE name, after a log backup lets them empty), then take a new full backup and migrate from it; or migrate to SQL Server on an Azure VM", quote(logs[0].LogicalName)))
}
