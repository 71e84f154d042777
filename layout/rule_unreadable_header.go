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
	switch {
	case f.Content == Undecoded:
		// Encryption and the newer algorithms cannot be told from damage
		// without a sample of each; the server that wrote the file can tell.
		return "a compressed backup whose records do not decode as MS_XPRESS: it is encrypted (WITH ENCRYPTION), compressed with QAT_DEFLATE or ZSTD, or damaged (" + blobscan.OneLine(f.Error) + ")",
			"run RESTORE HEADERONLY on it at the source: an EncryptorThumbprint means the certificate must be on the target first; a CompressionAlgorithm of QAT_DEFLATE or ZSTD needs a target that reads it, or a backup taken WITH COMPRESSION (ALGORITHM = MS_XPRESS); an error means take the backup again"
	case !f.unreadable():
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
	return f.Content == Damaged || f.Content == Undecoded || f.Content == NotNative && blobscan.IsBackupName(f.Path)
}
