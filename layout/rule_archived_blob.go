package layout

import (
	"strings"

	"github.com/baklint/baklint/blobscan"
)

var ruleArchivedBlob = Rule{
	ID:        "archived-blob",
	Severity:  Error,
	Rationale: "A blob in the Archive tier is offline: it cannot be read, so neither its header nor its data reach the restore until it is rehydrated.",
	Link:      docArchive,
	KeepsFile: true,
	Check:     checkArchivedBlob,
}

func checkArchivedBlob(c *Context) {
	for i, f := range c.Files {
		if !strings.EqualFold(f.Tier.String(), blobscan.TierArchive) {
			continue
		}
		c.reportFile(i, "blob is in the Archive tier and cannot be read",
			"rehydrate it to the Hot or Cool tier (az storage blob set-tier --tier Hot --rehydrate-priority High), wait until it is online, then run baklint again")
	}
}
