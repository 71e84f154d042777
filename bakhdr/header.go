// Package bakhdr decodes the header of a native SQL Server backup file (what
// RESTORE HEADERONLY and RESTORE LABELONLY report) from byte ranges of the
// file. It does no I/O and knows nothing about storage: callers hand it the
// first and last bytes of a file, so a blob is never downloaded whole.
package bakhdr

// Header is the decoded backup header, in the shape of the inventory JSON
// (SPEC section 6b). LSNs are decimal strings because they exceed 64 bits;
// times are the server's local time as recorded, without a zone.
type Header struct {
	DatabaseName         string `json:"database_name"`
	ServerName           string `json:"server_name"`
	MachineName          string `json:"machine_name"`
	BackupType           string `json:"backup_type"` // full|differential|log|file|differential-file|partial|differential-partial
	Version              string `json:"version"`     // e.g. "15.0.2080"
	Compressed           bool   `json:"compressed"`
	HasChecksums         bool   `json:"has_checksums"`
	Position             int    `json:"position"`
	FirstLSN             string `json:"first_lsn"`
	LastLSN              string `json:"last_lsn"`
	CheckpointLSN        string `json:"checkpoint_lsn"`
	DatabaseBackupLSN    string `json:"database_backup_lsn"`
	BackupStart          string `json:"backup_start"`
	BackupFinish         string `json:"backup_finish"`
	FamilyCount          int    `json:"family_count"`
	FamilySequence       int    `json:"family_sequence"`
	MediaSetID           string `json:"media_set_id"`
	BackupSetGUID        string `json:"backup_set_guid"`
	DifferentialBaseGUID string `json:"differential_base_guid"`
	// BackupSets is how many backup sets the file holds (appended backups);
	// more than one is refused by LRS and DMS.
	BackupSets int `json:"backup_sets,omitempty"`
	// FamilyGUID survives a restore (the lineage of a database); BindingID
	// (the database GUID) changes with every restore or re-create. Together
	// with the name they are the database's identity (SPEC §5).
	FamilyGUID string `json:"family_guid,omitempty"`
	BindingID  string `json:"binding_id,omitempty"`
	// Unknown lists, by JSON name, the fields the bytes read could not
	// establish; such a field is empty or holds a preliminary value. The
	// final values live in the backup set's trailer (the MSLS copy of the
	// SCIN record, docs/backup-header-format.md §5), which the decoder reads
	// only from the tail of the file. Without that trailer (no tail given,
	// the trailer lies before the tail, or the tail holds a later appended
	// set's trailer) only the front copy is known:
	//   - "backup_finish": always zero in the front copy;
	//   - "first_lsn", "last_lsn", "checkpoint_lsn": on SQL Server 2019 and
	//     later (major version >= 15) the front copy holds preliminary values
	//     that the trailer corrects (seen on every 15.x and 16.x sample; on
	//     10.50-14.0 the two copies agree). DatabaseBackupLSN agrees in both
	//     copies on every version, so it is never listed.
	//
	// "files": the file list ran past the bytes read (a database with more
	// than 420-470 files, where the head's copy and the trailer's copy in
	// the tail no longer meet), was damaged, or names a file whose type is
	// not known (see DatabaseFile.Type); Files then holds what could be read.
	Unknown []string `json:"unknown,omitempty"`
	// Files is the database's file list (RESTORE FILELISTONLY) in file id
	// order, the primary data file first. It is the front copy's (file
	// sizes agree with the trailer's on every sample), completed from the
	// trailer's copy in the tail when the head read ends inside it.
	Files []DatabaseFile `json:"files,omitempty"`
	// CompressionAlgorithm is "xpress" for a compressed (MSSQLBAK) backup
	// whose records decoded with XPRESS, which every one the decoder reads
	// does; empty for an uncompressed one. SQL Server 2022's QAT_DEFLATE
	// and 2025's ZSTD have no sample, so they are never reported.
	CompressionAlgorithm string `json:"compression_algorithm,omitempty"`
}

// DatabaseFile is one database file of the backup (a FILELISTONLY row).
type DatabaseFile struct {
	LogicalName  string `json:"logical_name"`
	PhysicalName string `json:"physical_name"` // the path on the source server
	// Type is "data" or "log". FILESTREAM, full-text and memory-optimized
	// (xtp) containers have no sample, so their codes are not known: such
	// a file has no type, and Header.Unknown lists "files".
	Type string `json:"type,omitempty"`
	// Filegroup is the data file's filegroup; log files have none.
	Filegroup string `json:"filegroup,omitempty"`
	Size      int64  `json:"size"` // bytes, when the backup started
}

// Database file types, as they appear in DatabaseFile.Type. FileFilestream,
// FileFulltext and FileXTP are the names SPEC §6b reserves; the decoder
// does not produce them yet (no sample shows their codes).
const (
	FileData       = "data"
	FileLog        = "log"
	FileFilestream = "filestream"
	FileFulltext   = "fulltext"
	FileXTP        = "xtp"
)

// CompressionXpress is Header.CompressionAlgorithm of an MSSQLBAK backup.
const CompressionXpress = "xpress"

// Names of the fields a front copy alone cannot establish (see Unknown).
// Each header gets its own copy (append to a nil slice): callers may edit theirs.
var (
	unknownFrontOnly     = []string{"backup_finish"}
	unknownFrontOnlyLSNs = []string{"first_lsn", "last_lsn", "checkpoint_lsn", "backup_finish"}
)

// markFrontOnly records that h comes from the front copy of a SCIN record
// whose SQL Server major version is major: no trailer was read for it.
func (h *Header) markFrontOnly(major byte) {
	u := unknownFrontOnly
	if major >= preliminaryLSNMajor {
		u = unknownFrontOnlyLSNs
	}
	h.Unknown = append(h.Unknown, u...)
}

// preliminaryLSNMajor is the first SQL Server major version (2019) whose
// front SCIN copy holds preliminary LSNs.
const preliminaryLSNMajor = 15

// Backup type names, as they appear in Header.BackupType.
const (
	TypeFull                = "full"
	TypeDifferential        = "differential"
	TypeLog                 = "log"
	TypeFile                = "file"
	TypeDifferentialFile    = "differential-file"
	TypePartial             = "partial"
	TypeDifferentialPartial = "differential-partial"
)
