package azstore_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/blobscan/azstore"
	"github.com/baklint/baklint/internal/azurite"
)

const (
	realBenchFiles   = 1000
	realBenchMaxSize = 200_000 // small samples keep the seeding upload short
)

var realSeed benchSeed

// seedRealBench uploads, once per test binary, 1,000 real backups: the
// samples of at most 200 KB, repeated under copyNN/ prefixes.
func seedRealBench(b *testing.B, e *azurite.Emulator) string {
	return realSeed.get(b, e, func(container string) error {
		var small []string
		for _, p := range realSampleFiles(b) {
			fi, err := os.Stat(filepath.Join(realBackupsDir, filepath.FromSlash(p)))
			if err != nil {
				return err
			}
			if blobscan.IsBackupName(p) && fi.Size() <= realBenchMaxSize {
				small = append(small, p)
			}
		}
		if len(small) == 0 {
			return fmt.Errorf("no backup sample of at most %d bytes in %s", realBenchMaxSize, realBackupsDir)
		}
		files := make([]string, realBenchFiles)
		for i := range files {
			files[i] = small[i%len(small)]
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		start := time.Now()
		err := uploadReal(ctx, e, b, container, files, func(i int, p string) string {
			return fmt.Sprintf("copy%02d/%s", i/len(small), p)
		})
		b.Logf("seeded %d blobs (%d distinct samples of at most %d bytes) in %v", len(files), len(small), realBenchMaxSize, time.Since(start).Round(time.Millisecond))
		return err
	})
}

// BenchmarkScanRealFiles is a full scan of 1,000 real backups in Azurite,
// with header reads (head and tail of each blob) and by listing alone.
func BenchmarkScanRealFiles(b *testing.B) {
	e := azurite.Get(b)
	name := seedRealBench(b, e)
	const workers = 16
	for _, mode := range []struct {
		name    string
		headers bool
	}{{"headers", true}, {"no-headers", false}} {
		b.Run(mode.name, func(b *testing.B) {
			counter := newBodyCounter(workers)
			c, err := azstore.NewContainer(azurite.Account, e.BlobEndpoint, name, sharedKey(b), azstore.Options{Concurrency: workers, Transport: counter})
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			for b.Loop() {
				res, err := blobscan.Scan(ctx, []blobscan.Reader{c}, blobscan.ScanOptions{Headers: mode.headers, Concurrency: workers})
				if err != nil {
					b.Fatal(err)
				}
				if len(res) != realBenchFiles {
					b.Fatalf("scanned %d blobs, want %d", len(res), realBenchFiles)
				}
				if mode.headers && (res[0].Header == nil || res[len(res)-1].Header == nil) {
					b.Fatalf("headers not read: %v / %v", res[0].HeaderErr, res[len(res)-1].HeaderErr)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(realBenchFiles*b.N)/b.Elapsed().Seconds(), "files/s")
			var body int64
			for _, n := range counter.body {
				body += n
			}
			b.ReportMetric(float64(body)/float64(realBenchFiles*b.N), "B-read/file")
		})
	}
}
