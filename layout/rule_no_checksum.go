package layout

import "github.com/baklint/baklint/bakhdr"

var ruleNoChecksum = Rule{
	ID:        "no-checksum",
	Severity:  Warning,
	Rationale: "Without WITH CHECKSUM, a backup corrupted in transit or at rest is only found when the restore fails.",
	Link:      docChecksum,
	Check:     headerCheck(checkNoChecksum),
}

func checkNoChecksum(_ *Context, _ FileInfo, h *bakhdr.Header) (message, remedy string) {
	if h.HasChecksums {
		return "", ""
	}
	return "backup was taken without WITH CHECKSUM",
		"take backups WITH CHECKSUM (or set 'backup checksum default' to 1), and run RESTORE VERIFYONLY WITH CHECKSUM on this one"
}
