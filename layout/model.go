// Package layout holds the inventory model, decides which database each
// backup belongs to, and checks an inventory against the rules of a restore
// target. It does no I/O and never imports the storage SDK.
package layout

import "github.com/baklint/baklint/bakhdr"

// How a file's database was determined (SPEC §5), in order of authority.
const (
	ByHeader = "header"
	ByName   = "name"
	ByFolder = "folder"
)

// File is one inventoried blob or file, in the shape of the inventory JSON
// (SPEC §6b). Container is set only for account-wide scans.
type File struct {
	Container    string         `json:"container,omitempty"`
	Path         string         `json:"path"`
	Size         int64          `json:"size"`
	BlobType     string         `json:"blob_type"`
	Tier         string         `json:"tier"`
	ETag         string         `json:"etag,omitempty"`
	Database     string         `json:"database"`
	AttributedBy string         `json:"attributed_by"`
	BackupType   string         `json:"backup_type,omitempty"` // from the header, else guessed from the name
	Header       *bakhdr.Header `json:"header,omitempty"`
	Error        string         `json:"error,omitempty"`
}

// Inventory is everything a scan found.
type Inventory struct {
	Source string `json:"source"` // display form, never with a SAS
	// Local is true for a local folder: blob-type rules are not reported.
	Local bool `json:"-"`
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
}

// Database summarises one database across the inventory (SPEC §6, plus the
// chain fields LRS and DMS ask for).
// In an account-wide inventory a database is one name in one container,
// and its folders and paths are relative to that container.
type Database struct {
	Name           string   `json:"name"`
	Container      string   `json:"container,omitempty"`
	Folders        []string `json:"folders"`
	Files          int      `json:"files"`
	Bytes          int64    `json:"bytes"`
	AttributedBy   string   `json:"attributed_by"`
	LatestFull     string   `json:"latest_full,omitempty"`      // path of the latest full backup
	LastBackup     string   `json:"last_backup,omitempty"`      // path of the last backup in the chain
	LastBackupName string   `json:"last_backup_name,omitempty"` // its bare file name
	ChainStatus    string   `json:"chain_status,omitempty"`     // "complete", "broken", "unknown"
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
	Source    string         `json:"source"`
	Target    string         `json:"target"`
	Inventory InventoryStats `json:"inventory"`
	Databases []Database     `json:"databases"`
	Findings  []Finding      `json:"findings"` // sorted by path, then rule
	Summary   Summary        `json:"summary"`
}
