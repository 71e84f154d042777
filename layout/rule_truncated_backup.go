package layout

import "github.com/baklint/baklint/blobscan"

var ruleTruncatedBackup = Rule{
	ID:        "truncated-backup",
	Severity:  Error,
	Rationale: "A native backup whose end is missing (a cut-off upload or copy) fails its restore, and the restore chain stops at it.",
	Link:      docHeader,
	KeepsFile: true,
	Check:     fileCheck(checkTruncatedBackup),
}

func checkTruncatedBackup(_ *Context, f FileInfo) (message, remedy string) {
	if f.Content != Truncated {
		return "", ""
	}
	return "backup is cut short: " + blobscan.OneLine(f.Error),
		"copy or upload it again from the original and check the size matches (azcopy copies are verified with --check-length); until then the restore stops at this file"
}
