// Package layout holds the inventory model, decides which database each
// backup belongs to, and checks an inventory against the rules of a restore
// target. It does no I/O and never imports the storage SDK.
package layout

import (
	"github.com/baklint/baklint/bakhdr"
	"github.com/baklint/baklint/blobscan"
)

// File is one inventoried blob or file. Its JSON is fileJSON's, the shape
// of the inventory JSON (SPEC §6b); its fields are ordered for size, as a
// million of them are alive at once in a lint. Container is set only for
// account-wide scans.
type File struct {
	Container string
	Path      string
	ETag      string
	Database  string
	Error     string
	Size      int64
	Header    *bakhdr.Header
	BlobType  BlobType
	Tier      Tier
	// AttributedBy: how Database was found.
	AttributedBy Attribution
	// BackupType is from the header, else guessed from the name.
	BackupType BackupType
	// Content is what reading the file showed; Header and Error say the
	// same in the JSON.
	Content Content
}

// Content is what the bytes of a file showed, when they were read.
type Content uint8

const (
	// Unread: nothing was read (--no-headers, archived, empty, or a file
	// too small to sniff); the name is all there is to go by.
	Unread Content = iota
	// Native: a SQL Server native backup whose header decoded.
	Native
	// Truncated: a native backup (TAPE or MSSQLBAK signature) whose end is
	// missing: a cut-off upload or copy, which does not restore.
	Truncated
	// Damaged: a native backup signature, but the header does not decode.
	Damaged
	// Undecoded: a compressed backup whose records do not decode as
	// MS_XPRESS: encrypted, compressed with QAT_DEFLATE or ZSTD, or damaged
	// (bakhdr.ErrUndecoded). Like Damaged it does not restore as far as
	// baklint can tell, but its remedy starts on the source server.
	Undecoded
	// NotNative: read, and not a SQL Server native backup (a text file,
	// a third-party backup), whatever its name says.
	NotNative
)

// Inventory is everything a scan found.
type Inventory struct {
	Source string `json:"source"` // display form, never with a SAS
	// Location is the parsed source, without its SAS: a local folder (whose
	// blob-type rules are not reported), a container or a whole account.
	// Reports draw their roots and labels from it rather than parse Source.
	Location blobscan.Location `json:"-"`
	// Container is the container of a single-container source ("" for a
	// local folder or an account-wide scan, whose files carry their own),
	// so that reserved-keyword can check its name.
	Container string `json:"-"`
	Files     []File `json:"files"`
}

// Severity orders findings; the CLI's --fail-on compares against it.
type Severity int

const (
	Info Severity = iota
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	default:
		return "info"
	}
}

// MarshalText writes the severity as its lower-case name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Finding is one violation, in the shape of the report JSON (SPEC §6).
type Finding struct {
	Rule      string   `json:"rule"`
	Severity  Severity `json:"severity"`
	Container string   `json:"container,omitempty"`
	Path      string   `json:"path"`
	Database  string   `json:"database"`
	Message   string   `json:"message"`
	Remedy    string   `json:"remedy"`
	// KeepsFile: moving the file cannot repair what this finding says, so
	// the fixer leaves it where it is, with the finding as its reason.
	KeepsFile bool `json:"-"`
}

// Database summarises one database across the inventory (SPEC §6, plus the
// chain fields LRS and DMS ask for).
// In an account-wide inventory a database is one name in one container,
// and its folders and paths are relative to that container.
type Database struct {
	Name         string      `json:"name"`
	Container    string      `json:"container,omitempty"`
	Folders      []string    `json:"folders"`
	Files        int         `json:"files"`
	Bytes        int64       `json:"bytes"`
	AttributedBy Attribution `json:"attributed_by"`
	// The identity from the headers (SPEC §5); empty when no header gives it.
	BindingID   string `json:"binding_id,omitempty"`
	FamilyGUID  string `json:"family_guid,omitempty"`
	ServerName  string `json:"server_name,omitempty"`
	LatestFull  string `json:"latest_full,omitempty"`  // path of the latest full backup
	ChainStatus string `json:"chain_status,omitempty"` // "complete", "broken", "unknown"
	// LastBackup and LastBackupName (the bare file name DMS and LRS ask
	// for) are set only for a complete chain: given for a broken one, they
	// would complete a migration early. RestorableUntil names the last
	// file that restores before the first gap of a broken chain.
	LastBackup      string `json:"last_backup,omitempty"`
	LastBackupName  string `json:"last_backup_name,omitempty"`
	RestorableUntil string `json:"restorable_until,omitempty"`
	// DataBytes is the size the restored database files take: the sum of
	// the file sizes in its latest full backup's file list; 0 (and left
	// out of the JSON) when that list is missing or was not read whole.
	DataBytes int64 `json:"data_bytes,omitempty"`
	// Folder is the folder baklint fix gathers the database into, and
	// FolderReason why it is not simply the name (another database shares
	// it, or the name is not safe as a path).
	Folder       string `json:"-"`
	FolderReason string `json:"-"`
}

// Summary counts findings by severity.
type Summary struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
}

// InventoryStats are the totals of SPEC §6 "inventory".
type InventoryStats struct {
	Files     int   `json:"files"`
	Bytes     int64 `json:"bytes"`
	Folders   int   `json:"folders"`
	Databases int   `json:"databases"`
}

// Result is what Lint returns: everything the report renderers need.
type Result struct {
	Source string `json:"source"`
	// Location is the inventory's (without SAS), for reports to locate
	// findings.
	Location  blobscan.Location `json:"-"`
	Target    string            `json:"target"`
	Inventory InventoryStats    `json:"inventory"`
	Databases []Database        `json:"databases"`
	Findings  []Finding         `json:"findings"` // sorted by container, path, then rule
	Summary   Summary           `json:"summary"`
	// FileDatabase[i] is the index in Databases of Inventory.Files[i]'s
	// database, or -1 when it belongs to none (not a backup, unattributed,
	// or of an identity no header tells).
	FileDatabase []int32 `json:"-"`
}
