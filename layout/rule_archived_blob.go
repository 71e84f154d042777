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
	Check:     fileCheck(checkArchivedBlob),
}

func checkArchivedBlob(_ *Context, f FileInfo) (message, remedy string) {
	if !strings.EqualFold(f.Tier.String(), blobscan.TierArchive) {
		return "", ""
	}
	return "blob is in the Archive tier and cannot be read",
		"rehydrate it to the Hot or Cool tier (az storage blob set-tier --tier Hot --rehydrate-priority High), wait until it is online, then run baklint again"
}
