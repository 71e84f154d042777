package azstore_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/blobscan/azstore"
	"github.com/baklint/baklint/internal/azurite"
)

// 20 servers x 10 databases: 200 leaf folders of 100 log backups each, the
// shape of an Ola Hallengren tree.
const (
	benchServers   = 20
	benchDatabases = 10
	benchPerFolder = 100
	benchBlobs     = benchServers * benchDatabases * benchPerFolder
)

// benchSeed is a container that benchmarks fill once per test binary:
// Azurite takes minutes for thousands of uploads, far too long to repeat
// per iteration.
type benchSeed struct {
	once      sync.Once
	container string
	err       error
}

// get creates and seeds the container on first use, and fails b when that
// failed.
func (s *benchSeed) get(b *testing.B, e *azurite.Emulator, seed func(container string) error) string {
	s.once.Do(func() {
		s.container = e.NewContainer(b)
		s.err = seed(s.container)
	})
	if s.err != nil {
		b.Fatalf("seeding the benchmark container: %v", s.err)
	}
	return s.container
}

var listSeed benchSeed

// seedBench fills one container once per test binary: Azurite takes about
// a minute for 20,000 uploads.
func seedBench(b *testing.B, e *azurite.Emulator) string {
	return listSeed.get(b, e, func(container string) error {
		client := e.Client(b)
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
		defer cancel()
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(32)
		start := time.Now()
		for s := 0; s < benchServers; s++ {
			for d := 0; d < benchDatabases; d++ {
				for i := 0; i < benchPerFolder; i++ {
					p := fmt.Sprintf("SRV%02d$SQL/DB%02d_%02d/LOG/DB%02d_LOG_%04d.trn", s, s, d, d, i)
					g.Go(func() error {
						_, err := client.UploadBuffer(gctx, container, p, []byte("x"), nil)
						return err
					})
				}
			}
		}
		err := g.Wait()
		b.Logf("seeded %d blobs in %v", benchBlobs, time.Since(start).Round(time.Second))
		return err
	})
}

func BenchmarkList(b *testing.B) {
	e := azurite.Get(b)
	name := seedBench(b, e)
	c, err := azstore.NewContainer(azurite.Account, e.BlobEndpoint, name, sharedKey(b), azstore.Options{Concurrency: 16})
	if err != nil {
		b.Fatal(err)
	}
	listers := []struct {
		name string
		list func(ctx context.Context, count func(blobscan.Object) error) error
	}{
		{"concurrent-walk", func(ctx context.Context, count func(blobscan.Object) error) error {
			return c.List(ctx, "", count, func(p string, err error) { b.Errorf("%s: %v", p, err) })
		}},
		{"sequential-flat", func(ctx context.Context, count func(blobscan.Object) error) error {
			return c.ListFlat(ctx, "", count)
		}},
	}
	for _, l := range listers {
		b.Run(l.name, func(b *testing.B) {
			ctx := context.Background()
			var n atomic.Int64
			count := func(blobscan.Object) error { n.Add(1); return nil }
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				n.Store(0)
				if err := l.list(ctx, count); err != nil {
					b.Fatal(err)
				}
				if got := n.Load(); got != benchBlobs {
					b.Fatalf("listed %d blobs, want %d", got, benchBlobs)
				}
			}
			b.ReportMetric(float64(benchBlobs*b.N)/b.Elapsed().Seconds(), "blobs/s")
		})
	}
}
