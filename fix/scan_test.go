package fix

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/internal/azurite"
	"github.com/baklint/baklint/internal/testutil"
	"github.com/baklint/baklint/layout"
)

// scanInventory is the real pipeline: list, read headers, attribute.
func scanInventory(t *testing.T, r blobscan.Reader) *layout.Inventory {
	t.Helper()
	sc, err := blobscan.Scan(context.Background(), []blobscan.Reader{r}, blobscan.ScanOptions{Headers: true})
	if err != nil {
		t.Fatal(err)
	}
	return layout.NewInventory(testutil.Location(r.Location()), sc)
}

// TestFixedOlaTreeLintsCleanForVM2014 runs scan, plan and apply on the real
// Ola tree in Azurite and lints the destination: the layout rules the fix
// is for must be silent there.
func TestFixedOlaTreeLintsCleanForVM2014(t *testing.T) {
	ctx := context.Background()
	e := azurite.Get(t)
	src, dst := treeAndDest(t, e, testutil.SharedData(t, olaTree))
	inv := scanInventory(t, src)
	before := layout.Lint(inv, vm2014)
	if countRules(before, "nested-folder", "page-blob-required") == 0 {
		t.Fatal("the source should break nested-folder and page-blob-required")
	}
	d := Plan(inv, vm2014, Dest{Display: dst.Location()}, PlanOptions{})
	if _, err := Apply(ctx, d, src, dst, ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	after := layout.Lint(scanInventory(t, dst), vm2014)
	if n := countRules(after, "nested-folder", "mixed-databases", "page-blob-required", "page-blob-unaligned"); n != 0 {
		for _, f := range after.Findings {
			t.Logf("%s %s: %s", f.Rule, f.Path, f.Message)
		}
		t.Errorf("%d layout findings remain after the fix", n)
	}
	if len(d.Moves) < 50 {
		t.Errorf("only %d moves", len(d.Moves))
	}
}

func countRules(r *layout.Result, ids ...string) int {
	n := 0
	for _, f := range r.Findings {
		for _, id := range ids {
			if f.Rule == id {
				n++
			}
		}
	}
	return n
}

// TestHostileHeaderNameStaysInsideTheDestination patches the database name
// in a real backup's header from "ft1" to "../" (same length, so the header
// stays valid), and puts it under a blob name with ".." segments.
func TestHostileHeaderNameStaysInsideTheDestination(t *testing.T) {
	ctx := context.Background()
	b, err := os.ReadFile(filepath.Join(testutil.SharedData(t, olaTree), "ft1/FULL/SQL2008_ft1_FULL_20170518_041742.bak"))
	if err != nil {
		t.Fatal(err)
	}
	name := utf16le("ft1")
	n := bytes.Count(b, name)
	if n == 0 {
		t.Fatal("no UTF-16LE ft1 in the header")
	}
	b = bytes.ReplaceAll(b, name, utf16le("../"))

	t.Run("local", func(t *testing.T) {
		srcDir := t.TempDir()
		mustWrite(t, filepath.Join(srcDir, "x", "evil.bak"), b)
		dstDir := filepath.Join(t.TempDir(), "dst")
		if err := os.Mkdir(dstDir, 0o755); err != nil {
			t.Fatal(err)
		}
		src, dst := newLocal(t, srcDir), newLocal(t, dstDir)
		inv := scanInventory(t, src)
		if inv.Files[0].Database != "../" || inv.Files[0].AttributedBy != layout.ByHeader {
			t.Fatalf("the patched header reads as %q by %s", inv.Files[0].Database, inv.Files[0].AttributedBy)
		}
		d := Plan(inv, vm2019, Dest{Display: dst.Root, Local: true}, PlanOptions{})
		if _, err := Apply(ctx, d, src, dst, ApplyOptions{}); err != nil {
			t.Fatal(err)
		}
		got := listAll(t, dst)
		if len(got) != 1 || !strings.HasPrefix(got[0].Path, "_unsafe_") || strings.Count(got[0].Path, "/") != 1 {
			t.Fatalf("destination holds %+v", got)
		}
		if entries, _ := os.ReadDir(filepath.Dir(dst.Root)); len(entries) != 1 {
			t.Errorf("something was written next to the destination: %v", entries)
		}
	})
	t.Run("azure", func(t *testing.T) {
		e := azurite.Get(t)
		srcName, dstName := e.NewContainer(t), e.NewContainer(t)
		e.Upload(t, srcName, map[string][]byte{"a/../../b/../evil.bak": b})
		src, dst := azContainer(t, e.BlobEndpoint, srcName, nil), azContainer(t, e.BlobEndpoint, dstName, nil)
		inv := scanInventory(t, src)
		d := Plan(inv, vm2014, Dest{Display: dst.Location(), Prefix: "mig"}, PlanOptions{})
		if len(d.Moves) != 1 {
			t.Fatalf("plan %+v (inventory %+v)", d, inv.Files)
		}
		if _, err := Apply(ctx, d, src, dst, ApplyOptions{}); err != nil {
			t.Fatal(err)
		}
		got := listAll(t, dst)
		if len(got) != 1 || !strings.HasPrefix(got[0].Path, "mig/_unsafe_") || got[0].BlobType != blobscan.PageBlob {
			t.Fatalf("destination holds %+v", got)
		}
		if n := len(listAll(t, src)); n != 1 {
			t.Errorf("the source container holds %d blobs, want the 1 it had", n)
		}
	})
}

func utf16le(s string) []byte {
	var out []byte
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}
