package layout

import (
	"fmt"

	"github.com/baklint/baklint/blobscan"
)

var rulePageBlobRequired = Rule{
	ID:        "page-blob-required",
	Severity:  Error,
	Targets:   pageBlobTargets,
	Rationale: "SQL Server 2012 and 2014 restore from URL only from page blobs; block blobs need SQL Server 2016 or later.",
	Link:      docURLBackup,
	Check:     checkPageBlobRequired,
}

func checkPageBlobRequired(c *Context) {
	// A local folder has no blob types yet: the fixer uploads page blobs
	// for these targets, and page-blob-unaligned still checks the sizes.
	if c.Inventory.Location.Kind == blobscan.KindLocal {
		return
	}
	for i, f := range c.Files {
		if !f.Backup || f.BlobType == 0 || f.BlobType == PageBlob || f.Size == 0 {
			continue
		}
		c.reportFile(i,
			fmt.Sprintf("%s; %s restores only from page blobs", f.BlobType, sqlServerYear(c.Target.Major)),
			fmt.Sprintf("convert to a page blob (baklint fix --target %s)", c.Target.Name))
	}
}
