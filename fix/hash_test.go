package fix

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/internal/testutil"
	"github.com/baklint/baklint/layout"
)

func TestIdenticalLocalDuplicatesAreOneMoveAndDifferentOnesAConflict(t *testing.T) {
	dir := t.TempDir()
	write := func(p string, b []byte) {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	same := bytes.Repeat([]byte("A"), 4<<20) // exactly one hashing range
	write("srv1/DB1/same.bak", same)
	write("srv2/DB1/same.bak", same)
	write("srv1/DB1/diff.bak", []byte("one"))
	write("srv2/DB1/diff.bak", []byte("two"))
	r, err := blobscan.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := []layout.File{}
	for _, p := range []string{"srv1/DB1/diff.bak", "srv1/DB1/same.bak", "srv2/DB1/diff.bak", "srv2/DB1/same.bak"} {
		o, err := r.Properties(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, layout.File{Path: p, Size: o.Size, ETag: o.ETag, Database: "DB1", AttributedBy: layout.ByFolder})
	}
	inv := &layout.Inventory{Source: dir, Location: testutil.Location(dir), Files: files}
	hash := ContentHasher(context.Background(), r, true)
	d := Plan(inv, mustTarget("any"), Dest{Display: "out", Local: true}, PlanOptions{ContentHash: hash})
	if len(d.Moves) != 1 || d.Moves[0].To != "DB1/same.bak" {
		t.Fatalf("moves %+v, want one move of same.bak", d.Moves)
	}
	if len(d.InPlace) != 1 {
		t.Errorf("in_place %+v, want the identical duplicate", d.InPlace)
	}
	if len(d.Skipped) != 2 {
		t.Errorf("skipped %+v, want both different diff.bak as a conflict", d.Skipped)
	}
	if h := hash("srv1/DB1/same.bak"); len(h) != 32 {
		t.Errorf("local hash is %d bytes, want a SHA-256", len(h))
	}
}
