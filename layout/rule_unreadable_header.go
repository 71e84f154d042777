package layout

import "github.com/baklint/baklint/blobscan"

var ruleUnreadableHeader = Rule{
	ID:        "unreadable-header",
	Severity:  Warning,
	Rationale: "DMS and LRS read each file's SQL Server backup header; a third-party, truncated or corrupt file fails that read.",
	Link:      docHeader,
	KeepsFile: true,
	Check:     fileCheck(checkUnreadableHeader),
}

// checkUnreadableHeader reports files named like backups that are not
// native ones (a text file, a third-party backup) and native backups whose
// header does not decode. A cut-off file is truncated-backup's.
func checkUnreadableHeader(_ *Context, f FileInfo) (message, remedy string) {
	if !f.unreadable() {
		return "", ""
	}
	return "not a readable SQL Server backup header: " + blobscan.OneLine(f.Error),
		"if a third-party tool (LiteSpeed, Redgate, …) made it, convert it to a native backup; otherwise check the upload finished and take the backup again"
}

// unreadable: what unreadable-header reports.
func (f FileInfo) unreadable() bool {
	if f.Error == "" || f.Size == 0 {
		return false
	}
	return f.Content == Damaged || f.Content == NotNative && blobscan.IsBackupName(f.Path)
}
