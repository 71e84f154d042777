package layout

import (
	"encoding/json"

	"github.com/baklint/baklint/bakhdr"
)

// fileJSON is a File in the order and with the omissions of the inventory
// JSON (SPEC §6b). File's own order packs its one-byte fields together
// (104 bytes rather than 112), which JSON's order would scatter.
type fileJSON struct {
	Container    string         `json:"container,omitempty"`
	Path         string         `json:"path"`
	Size         int64          `json:"size"`
	BlobType     BlobType       `json:"blob_type"`
	Tier         Tier           `json:"tier"`
	ETag         string         `json:"etag,omitempty"`
	Database     string         `json:"database"`
	AttributedBy Attribution    `json:"attributed_by"`
	BackupType   BackupType     `json:"backup_type,omitempty"`
	Header       *bakhdr.Header `json:"header,omitempty"`
	Error        string         `json:"error,omitempty"`
}

// MarshalJSON writes f as the inventory JSON does.
func (f File) MarshalJSON() ([]byte, error) {
	return json.Marshal(fileJSON{Container: f.Container, Path: f.Path, Size: f.Size, BlobType: f.BlobType, Tier: f.Tier,
		ETag: f.ETag, Database: f.Database, AttributedBy: f.AttributedBy, BackupType: f.BackupType, Header: f.Header, Error: f.Error})
}

// UnmarshalJSON reads a file of the inventory JSON; Content, which the
// JSON does not hold, is left as it was.
func (f *File) UnmarshalJSON(b []byte) error {
	var j fileJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*f = File{Container: j.Container, Path: j.Path, Size: j.Size, BlobType: j.BlobType, Tier: j.Tier,
		ETag: j.ETag, Database: j.Database, AttributedBy: j.AttributedBy, BackupType: j.BackupType, Header: j.Header, Error: j.Error,
		Content: f.Content}
	return nil
}
