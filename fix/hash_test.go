package fix

import (
	"bytes"
	"context"
	"testing"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/internal/testutil"
	"github.com/baklint/baklint/layout"
)

func TestIdenticalLocalDuplicatesAreOneMoveAndDifferentOnesAConflict(t *testing.T) {
	dir := t.TempDir()
	same := bytes.Repeat([]byte("A"), 4<<20) // exactly one hashing range
	testutil.WriteTree(t, dir, map[string][]byte{
		"srv1/DB1/same.bak": same,
		"srv2/DB1/same.bak": same,
		"srv1/DB1/diff.bak": []byte("one"),
		"srv2/DB1/diff.bak": []byte("two"),
	})
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
