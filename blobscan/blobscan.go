// Package blobscan lists and reads the files of a backup location: an Azure
// Blob container (or every container of an account) or a local folder that
// plays the role of a container root. Both implement Reader, so the scanner,
// the rules and the fixer never care where the bytes live.
package blobscan

import (
	"context"
	"time"

	"github.com/baklint/baklint/errclass"
)

// Blob types and access tiers as Azure names them. A local file has neither.
const (
	BlockBlob  = "BlockBlob"
	PageBlob   = "PageBlob"
	AppendBlob = "AppendBlob"

	TierHot     = "Hot"
	TierCool    = "Cool"
	TierCold    = "Cold"
	TierArchive = "Archive"
)

// Object is one blob or file. Path is relative to the container root (a local
// source's folder) with '/' separators, whatever the OS.
type Object struct {
	Path         string
	Size         int64
	BlobType     string // "" for local files
	Tier         string // "" for local files and page blobs
	ETag         string // for local files: derived from size and mtime
	LastModified time.Time
	ContentMD5   []byte // as stored by the service, when it has one
}

// Reader is the read side of a storage backend: what scan and lint need.
// Implementations are safe for concurrent use.
type Reader interface {
	// Location is the display form of the root (URL without SAS, or path).
	Location() string
	// Container is the container name, "" for a local folder.
	Container() string
	// List calls fn for every object under prefix (relative to the root;
	// "" for all). It may walk folders concurrently, but calls fn from one
	// goroutine at a time. A failure on one folder is passed to onErr and
	// the walk goes on; an authentication failure or a missing container
	// stops it and is returned.
	List(ctx context.Context, prefix string, fn func(Object) error, onErr func(path string, err error)) error
	// ReadRange returns length bytes at offset (fewer at the end of the object).
	ReadRange(ctx context.Context, path string, offset, length int64) ([]byte, error)
	// Properties returns the object's current metadata.
	Properties(ctx context.Context, path string) (Object, error)
}

// Error classes: errclass's, under the names the storage code has always
// used. New code outside the storage packages uses errclass directly.
var (
	ErrBadInput = errclass.BadInput
	ErrStorage  = errclass.Storage
	ErrNotFound = errclass.NotFound
	ErrAuth     = errclass.Auth
)
