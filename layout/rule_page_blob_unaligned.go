package layout

import (
	"fmt"
)

var rulePageBlobUnaligned = Rule{
	ID:        "page-blob-unaligned",
	Severity:  Error,
	Targets:   pageBlobTargets,
	Rationale: "A page blob's size is a multiple of 512 bytes, so a backup of any other size cannot be converted for SQL Server 2012 or 2014.",
	Link:      docURLBackup,
	KeepsFile: true,
	Check:     fileCheck(checkPageBlobUnaligned),
}

func checkPageBlobUnaligned(c *Context, f FileInfo) (message, remedy string) {
	if !f.Backup || f.BlobType == PageBlob || f.Size%512 == 0 {
		return "", ""
	}
	return fmt.Sprintf("size %d bytes is not a multiple of 512, so it cannot become a page blob for %s", f.Size, sqlServerYear(c.Target.Major)),
		"check the file is complete (a cut-off upload or copy leaves odd sizes) and take the backup again if not, or restore on SQL Server 2016 or later (--target vm-2016)"
}
