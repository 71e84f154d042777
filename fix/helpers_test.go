package fix

import (
	"context"
	"encoding/hex"
	"sort"
	"strings"
	"testing"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/layout"
)

// olaTree is the real Ola Hallengren-style tree of SQL Server 2008 backups.
const olaTree = "../../shared/testdata/backups/appveyor-lab/sql2008-backups"

// listAll lists every object of a reader, sorted by path.
func listAll(t testing.TB, r blobscan.Reader) []blobscan.Object {
	t.Helper()
	var out []blobscan.Object
	err := r.List(context.Background(), "", func(o blobscan.Object) error {
		out = append(out, o)
		return nil
	}, func(p string, err error) { t.Errorf("list %s: %v", p, err) })
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// folderInventory attributes every file to its first-level folder: the
// weakest attribution of SPEC §5, enough to drive the planner in tests
// that are about copying, not attribution. Files at the root stay
// unattributed.
func folderInventory(t testing.TB, r blobscan.Reader) *layout.Inventory {
	t.Helper()
	inv := &layout.Inventory{Source: r.Location()}
	for _, o := range listAll(t, r) {
		f := layout.File{Path: o.Path, Size: o.Size, BlobType: layout.BlobTypeOf(o.BlobType), Tier: layout.TierOf(o.Tier), ETag: o.ETag}
		if db, _, ok := strings.Cut(o.Path, "/"); ok {
			f.Database, f.AttributedBy = db, layout.ByFolder
		}
		inv.Files = append(inv.Files, f)
	}
	return inv
}

type fileState struct {
	Size   int64
	Type   string
	SHA256 string
}

// contents maps every object's path to its size, type and SHA-256.
func contents(t testing.TB, r blobscan.Reader) map[string]fileState {
	t.Helper()
	out := map[string]fileState{}
	for _, o := range listAll(t, r) {
		h, err := blobscan.HashObject(context.Background(), r, o.Path, o.Size)
		if err != nil {
			t.Fatalf("hash %s: %v", o.Path, err)
		}
		out[o.Path] = fileState{Size: o.Size, Type: o.BlobType, SHA256: hex.EncodeToString(h)}
	}
	return out
}

// etags maps every object's path to its ETag: "nothing was written" means
// this map did not change.
func etags(t testing.TB, r blobscan.Reader) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, o := range listAll(t, r) {
		out[o.Path] = o.ETag
	}
	return out
}

func newLocal(t testing.TB, dir string) *blobscan.Local {
	t.Helper()
	l, err := blobscan.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func equalMaps[V comparable](a, b map[string]V) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// events records what an Apply reports (OnEvent is called from one
// goroutine at a time).
type events []Event

func (e *events) add(ev Event) { *e = append(*e, ev) }

// noted reports whether some note contains text.
func (e events) noted(text string) bool {
	for _, ev := range e {
		if ev.Kind == EventNote && strings.Contains(ev.Reason, text) {
			return true
		}
	}
	return false
}
