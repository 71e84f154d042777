package layout

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/baklint/baklint/bakhdr"
	"github.com/baklint/baklint/blobscan"
)

// A File's blob type, access tier, attribution and backup type each come
// from a handful of names, so a File keeps a one-byte index into a table
// of the names seen instead of a 16-byte string header each: at a million
// files that is 60 MB of the lint's peak (issue 14). Each type writes and
// reads itself as its name (MarshalText), so the JSON is unchanged.

// BlobType is the blob type Azure reports ("BlockBlob", …); zero is none
// (a local file).
type BlobType uint8

// Tier is the access tier Azure reports ("Hot", …); zero is none.
type Tier uint8

// Attribution is how a file's database was determined (SPEC §5); zero is
// not at all.
type Attribution uint8

// BackupType is the backup type from the header, else guessed from the
// name (bakhdr.TypeFull, …); zero is unknown.
type BackupType uint8

// The names known in advance have fixed indexes; others are added as seen.
const (
	BlockBlob BlobType = iota + 1
	PageBlob
	AppendBlob
)

// How a file's database was determined, in order of authority.
const (
	ByFolder Attribution = iota + 1
	ByName
	ByHeader
)

var (
	blobTypes    = newNames(blobscan.BlockBlob, blobscan.PageBlob, blobscan.AppendBlob)
	tiers        = newNames(blobscan.TierHot, blobscan.TierCool, blobscan.TierCold, blobscan.TierArchive)
	attributions = newNames("folder", "name", "header")
	backupTypes  = newNames(bakhdr.TypeFull, bakhdr.TypeDifferential, bakhdr.TypeLog, bakhdr.TypeFile,
		bakhdr.TypeDifferentialFile, bakhdr.TypePartial, bakhdr.TypeDifferentialPartial)
)

// BlobTypeOf, TierOf, AttributionOf and BackupTypeOf give the index of a
// name, adding it to its table the first time.
func BlobTypeOf(s string) BlobType                  { return BlobType(blobTypes.index(s)) }
func TierOf(s string) Tier                          { return Tier(tiers.index(s)) }
func AttributionOf(s string) Attribution            { return Attribution(attributions.index(s)) }
func BackupTypeOf(s string) BackupType              { return BackupType(backupTypes.index(s)) }
func (t BlobType) String() string                   { return blobTypes.name(uint8(t)) }
func (t Tier) String() string                       { return tiers.name(uint8(t)) }
func (a Attribution) String() string                { return attributions.name(uint8(a)) }
func (t BackupType) String() string                 { return backupTypes.name(uint8(t)) }
func (t BlobType) MarshalText() ([]byte, error)     { return []byte(t.String()), nil }
func (t Tier) MarshalText() ([]byte, error)         { return []byte(t.String()), nil }
func (a Attribution) MarshalText() ([]byte, error)  { return []byte(a.String()), nil }
func (t BackupType) MarshalText() ([]byte, error)   { return []byte(t.String()), nil }
func (t *BlobType) UnmarshalText(b []byte) error    { *t = BlobTypeOf(string(b)); return nil }
func (t *Tier) UnmarshalText(b []byte) error        { *t = TierOf(string(b)); return nil }
func (a *Attribution) UnmarshalText(b []byte) error { *a = AttributionOf(string(b)); return nil }
func (t *BackupType) UnmarshalText(b []byte) error  { *t = BackupTypeOf(string(b)); return nil }

// names is an append-only table of at most 256 names, index 0 being "".
// Reads take no lock: the table is replaced, never changed, when a name
// is added.
type names struct {
	mu  sync.Mutex
	tab atomic.Pointer[[]string]
}

func newNames(seed ...string) *names {
	n := &names{}
	t := append([]string{""}, seed...)
	n.tab.Store(&t)
	return n
}

func (n *names) name(i uint8) string {
	if t := *n.tab.Load(); int(i) < len(t) {
		return t[i]
	}
	return ""
}

// index returns the index of s. Past 255 names (no service has that many
// blob types or tiers) a new name is kept as "".
func (n *names) index(s string) uint8 {
	if i := slices.Index(*n.tab.Load(), s); i >= 0 {
		return uint8(i)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	t := *n.tab.Load()
	if i := slices.Index(t, s); i >= 0 {
		return uint8(i)
	}
	if len(t) == 256 {
		return 0
	}
	grown := append(slices.Clip(t), strings.Clone(s))
	n.tab.Store(&grown)
	return uint8(len(grown) - 1)
}
