package blobscan_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/baklint/baklint/blobscan"
)

// A source cut short while it is read must not pass for a shorter copy:
// ReadChunks fails with ErrChanged at the first short range.
func TestReadChunksFailsChangedWhenTheSourceShrinksMidRead(t *testing.T) {
	dir := t.TempDir()
	full := filepath.Join(dir, "x.bak")
	if err := os.WriteFile(full, make([]byte, 4096), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := blobscan.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got int64
	err = blobscan.ReadChunks(context.Background(), l, "x.bak", 4096, 1024, func(off int64, b []byte) error {
		got += int64(len(b))
		if off == 0 {
			return os.Truncate(full, 1536)
		}
		return nil
	})
	if !errors.Is(err, blobscan.ErrChanged) {
		t.Fatalf("ReadChunks over a shrinking file: %v after %d bytes, want ErrChanged", err, got)
	}
	if got != 1024 {
		t.Errorf("%d bytes handed on, want only the first full range (1024)", got)
	}
}
