package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/blobscan/store"
	"github.com/baklint/baklint/layout"
	"github.com/baklint/baklint/report"
)

// TestScanJSONStreamedFromTheListingIsTheInventoryJSON: scan writes its
// JSON file by file from the compact scan result; it must be, byte for
// byte, the inventory JSON of the inventory lint builds, on stdout and in
// an --output file.
func TestScanJSONStreamedFromTheListingIsTheInventoryJSON(t *testing.T) {
	for _, args := range [][]string{nil, {"--no-headers"}} {
		src, err := store.Open(context.Background(), olaLayout, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		scanned, err := blobscan.Scan(context.Background(), src.Readers, blobscan.ScanOptions{Headers: len(args) == 0})
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := report.InventoryJSON(&want, layout.NewInventory(src.Location, scanned)); err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := runCLI(t, append([]string{"scan", olaLayout, "--format", "json"}, args...)...)
		if code != 0 || stdout != want.String() {
			t.Fatalf("scan %v: exit %d (%s), stdout differs from the inventory JSON:\n%s\nwant\n%s", args, code, stderr, stdout, want.String())
		}
		out := filepath.Join(t.TempDir(), "inv.json")
		if code, _, stderr := runCLI(t, append([]string{"scan", olaLayout, "--format", "json", "--output", out}, args...)...); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if b, err := os.ReadFile(out); err != nil || !bytes.Equal(b, want.Bytes()) {
			t.Fatalf("--output file differs from the inventory JSON (%v)", err)
		}
	}
}
