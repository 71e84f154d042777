package blobscantest

import (
	"context"
	"testing"

	"github.com/baklint/baklint/blobscan"
)

// ScanHeaders scans r with header reads at the given concurrency, failing
// the test on each folder that could not be listed and on the scan's error.
func ScanHeaders(t testing.TB, r blobscan.Reader, concurrency int) []blobscan.Scanned {
	t.Helper()
	res, err := blobscan.Scan(context.Background(), []blobscan.Reader{r}, blobscan.ScanOptions{Headers: true, Concurrency: concurrency,
		OnError: func(p string, err error) { t.Errorf("%s: %v", p, err) }})
	if err != nil {
		t.Fatal(err)
	}
	return res
}
