package layout

import (
	"github.com/baklint/baklint/bakhdr"
)

var ruleFilestreamData = Rule{
	ID:        "filestream-data",
	Severity:  Error,
	Targets:   lrsTargets,
	Rationale: "Managed Instance supports neither FILESTREAM nor FileTable: the restore of a database with a FILESTREAM filegroup is refused (IncompatiblePhysicalLayoutTooManyNonDataLogFiles). Read from the file list of the latest full backup; the header decoder does not yet tell FILESTREAM files apart (no sample), so none is reported until it does.",
	Link:      docMIDiff,
	Check:     checkFilestreamData,
}

// checkFilestreamData looks for FILESTREAM containers in each database's
// latest full backup. It relies on the decoder typing a file "filestream";
// the decoder leaves a file whose type code it has no sample of untyped
// (docs/backup-file-list.md §4), and an untyped file is not taken for one.
func checkFilestreamData(c *Context) {
	c.reportFilesOfType(bakhdr.FileFilestream,
		"FILESTREAM or FileTable data in %s; Managed Instance supports neither",
		"move the FILESTREAM data out (into varbinary(max) columns or Azure Blob Storage), drop the FILESTREAM files and filegroup, take a new full backup and migrate from it; or migrate to SQL Server on an Azure VM (--target vm-2022), which supports FILESTREAM")
}
