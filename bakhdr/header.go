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
}

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
