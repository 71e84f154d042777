package main

import (
	"context"
	"testing"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/internal/fakeblob"
)

// BenchmarkList lists 20,000 blobs from fakeblob under Azure's service
// model (20 ms + 100 µs per item), with baklint's scan and with the SDK's
// sequential flat pager, in 500 folders and in one: run with -count and
// compare with benchstat.
func BenchmarkList(b *testing.B) {
	shapes := []struct {
		name string
		ns   fakeblob.Namespace
	}{
		{"folders=500", fakeblob.Namespace{Folders: 500, PerFolder: 40, Size: 1 << 20}},
		{"folders=1", fakeblob.Namespace{Folders: 1, PerFolder: 20_000, Size: 1 << 20}},
	}
	for _, sh := range shapes {
		srv, err := fakeblob.Start(sh.ns, fakeblob.Options{Model: fakeblob.AzureModel})
		if err != nil {
			b.Fatal(err)
		}
		c, _, err := fakeContainer(srv.Endpoint(), 32, fakeblob.AzureModel)
		if err != nil {
			b.Fatal(err)
		}
		n := sh.ns.Len()
		listers := []struct {
			name string
			list func(ctx context.Context) (int, error)
		}{
			{"scan", func(ctx context.Context) (int, error) {
				got, err := blobscan.Scan(ctx, []blobscan.Reader{c}, blobscan.ScanOptions{Concurrency: 32})
				return len(got), err
			}},
			{"sequential-flat-sdk", func(ctx context.Context) (int, error) { return sdkFlat(ctx, c) }},
		}
		for _, l := range listers {
			b.Run(sh.name+"/"+l.name, func(b *testing.B) {
				for b.Loop() {
					got, err := l.list(context.Background())
					if err != nil || got != n {
						b.Fatalf("listed %d of %d: %v", got, n, err)
					}
				}
				b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "blobs/s")
			})
		}
		srv.Close()
	}
}
