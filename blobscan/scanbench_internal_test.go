package blobscan

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"
)

// BenchmarkScanListingDecidesReadsWithoutObjects measures what Scan itself
// costs per listed blob, network aside: 100,000 listed objects with an MD5
// and a time, none of them read (archived), so what is left is listing
// into the compact result and deciding which files to read.
func BenchmarkScanListingDecidesReadsWithoutObjects(b *testing.B) {
	const n = 100_000
	t0 := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	objs := make([]Object, n)
	for i := range objs {
		objs[i] = Object{Path: fmt.Sprintf("db/f%06d.bak", i), Size: 1 << 20, ETag: `"0x1"`, BlobType: BlockBlob,
			Tier: TierArchive, LastModified: t0, ContentMD5: []byte("0123456789abcdef")}
	}
	r := fixedReader{container: "c", objs: objs}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for b.Loop() {
		l, err := ScanListing(context.Background(), []Reader{r}, ScanOptions{Headers: true})
		if err != nil {
			b.Fatal(err)
		}
		if l.Len() != n {
			b.Fatalf("listed %d, want %d", l.Len(), n)
		}
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(n*b.N), "allocs/blob")
}
