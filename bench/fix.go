package main

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"
	"golang.org/x/sync/errgroup"

	"github.com/baklint/baklint/bakhdr"
	"github.com/baklint/baklint/bakhdr/bakhdrtest"
	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/blobscan/azstore"
	"github.com/baklint/baklint/fix"
	"github.com/baklint/baklint/internal/fakeblob"
	"github.com/baklint/baklint/layout"
)

// benchFix applies a plan Azure → Azure (Azurite) over an Ola tree of
// 200 files that hold 1 GiB, counting in the transport the backup bytes
// that pass through this process: with Copy Blob they should be none. Then
// a block → page conversion, which Azurite can only do by streaming (no
// Put Page From URL): its peak heap against the bound the fixer promises.
func benchFix(ctx context.Context, cfg config, t *table) error {
	ep, err := azuriteEndpoint()
	if err != nil {
		return err
	}
	const files, dbs = 200, 20
	total := int64(1 << 30)
	if cfg.quick {
		total = 200 << 20
	}
	size := total / files &^ 511
	cl, srcName, err := azNewContainer(ctx, ep, "fixsrc")
	if err != nil {
		return err
	}
	t0 := time.Now()
	if err := seedOla(ctx, cl, srcName, files, dbs, size); err != nil {
		return err
	}
	seeded := time.Since(t0)

	ct := newCounter(azstore.NewHTTPClient(cfg.concurrency), fakeblob.Model{})
	src, inv, err := scanBenchContainer(ctx, ep, srcName, cfg, ct)
	if err != nil {
		return err
	}

	// Copy Blob path: the blob type is kept.
	dst, err := newDest(ctx, cl, ep, cfg, ct)
	if err != nil {
		return err
	}
	plan := fix.Plan(inv, mustTarget("vm-2016"), fix.Dest{Display: dst.Location()}, fix.PlanOptions{})
	if len(plan.Moves) != files {
		return fmt.Errorf("plan has %d moves, want %d (skipped %v)", len(plan.Moves), files, plan.Skipped)
	}
	ct.reset()
	var sum *fix.Summary
	sp, err := measure(func() error { sum, err = fix.Apply(ctx, plan, src, dst, fix.ApplyOptions{}); return err })
	if err != nil {
		return err
	}
	if sum.Moved != files || sum.Streamed {
		return fmt.Errorf("apply: %+v", sum)
	}
	through := ct.readBytes.Load() + ct.sentBytes.Load()
	moved := size * files
	share := float64(through) / float64(moved)
	t.add(row{name: fmt.Sprintf("fix Azure→Azure, %d MiB in %d files (Copy Blob): backup bytes through the client / moved", moved>>20, files),
		measured: fmt.Sprintf("%d B", through), baseline: fmt.Sprintf("%d MiB moved", moved>>20), ratio: share, target: "< 0.01", pass: share < 0.01})
	t.note("fix (Copy Blob): %d moves in %.2f s wall, %.2f s CPU; %d copy, %d get, %d put, %d other requests; %d B read + %d B sent; seeding %d MiB took %v",
		sum.Moved, sp.wall.Seconds(), sp.cpu.Seconds(), ct.copies.Load(), ct.gets.Load(), ct.puts.Load(), ct.other.Load(), ct.readBytes.Load(), ct.sentBytes.Load(), moved>>20, seeded.Round(time.Second))

	// Conversion to page blobs: streamed through the client on Azurite.
	k := 40
	if cfg.quick {
		k = 10
	}
	// The first k files of the scan, attributed file by file as they were.
	sub := &layout.Inventory{Source: inv.Source, Location: inv.Location, Container: inv.Container, Files: inv.Files[:k]}
	dst2, err := newDest(ctx, cl, ep, cfg, ct)
	if err != nil {
		return err
	}
	plan2 := fix.Plan(sub, mustTarget("vm-2014"), fix.Dest{Display: dst2.Location()}, fix.PlanOptions{})
	opts := fix.ApplyOptions{Concurrency: 4, RangeSize: blobscan.DefaultRangeSize, RangeConcurrency: 4}
	bound := uint64(opts.Concurrency*opts.RangeConcurrency) * uint64(opts.RangeSize)
	ct.reset()
	before := heapObjects()
	hs := sampleHeap()
	sp2, err := measure(func() error { sum, err = fix.Apply(ctx, plan2, src, dst2, opts); return err })
	peak := hs.Stop()
	if err != nil {
		return err
	}
	if sum.Converted != k || !sum.Streamed {
		return fmt.Errorf("conversion apply: %+v", sum)
	}
	growth := peak - min(before, peak)
	t.add(row{name: fmt.Sprintf("fix block→page fallback (streamed, %d files): peak heap growth / concurrency × ranges × range size", k),
		measured: fmt.Sprintf("%d MiB", growth>>20), baseline: fmt.Sprintf("%d MiB = %d × %d × %d MiB", bound>>20, opts.Concurrency, opts.RangeConcurrency, opts.RangeSize>>20),
		ratio: float64(growth) / float64(bound), target: "≤ 1", pass: growth <= bound})
	t.note("fix (streamed conversion): %d files, %d MiB in %.2f s wall, %.2f s CPU; %d MiB read, %d MiB sent through the client",
		k, (int64(k)*size)>>20, sp2.wall.Seconds(), sp2.cpu.Seconds(), ct.readBytes.Load()>>20, ct.sentBytes.Load()>>20)
	return benchFixMemory(ctx, cfg, t, cl, ep, ct)
}

// benchFixMemory runs a streamed conversion of as many backups as the
// CLI's --concurrency moves at once, first with no memory budget (the
// baseline: every move holds its ranges), then with the default budget, and
// compares the peak heap growth of the two.
func benchFixMemory(ctx context.Context, cfg config, t *table, cl *azblob.Client, ep string, ct *counter) error {
	k, size := cfg.concurrency, int64(12<<20)
	if cfg.quick {
		size = 6 << 20
	}
	name, err := createContainer(ctx, cl, "fixmem")
	if err != nil {
		return err
	}
	if err := seedOla(ctx, cl, name, k, k, size); err != nil {
		return err
	}
	src, sub, err := scanBenchContainer(ctx, ep, name, cfg, ct)
	if err != nil {
		return err
	}
	peak := func(limit int64) (uint64, *fix.Summary, error) {
		dst, err := newDest(ctx, cl, ep, cfg, ct)
		if err != nil {
			return 0, nil, err
		}
		plan := fix.Plan(sub, mustTarget("vm-2014"), fix.Dest{Display: dst.Location()}, fix.PlanOptions{})
		runtime.GC()
		before := heapObjects()
		hs := sampleHeap()
		sum, err := fix.Apply(ctx, plan, src, dst, fix.ApplyOptions{Concurrency: cfg.concurrency, MemoryLimit: limit})
		p := hs.Stop()
		if err == nil && (sum.Converted != k || !sum.Streamed) {
			err = fmt.Errorf("conversion apply: %+v", sum)
		}
		return p - min(before, p), sum, err
	}
	unbounded, _, err := peak(-1)
	if err != nil {
		return err
	}
	bounded, _, err := peak(fix.DefaultMemoryLimit)
	if err != nil {
		return err
	}
	// The heap holds the live buffers plus garbage not yet collected, which
	// Go's collector (GOGC=100) lets grow to as much again: the bound is
	// twice the budget.
	bound := 2 * uint64(fix.DefaultMemoryLimit)
	t.add(row{name: fmt.Sprintf("fix block→page fallback, %d moves of %d MiB at once (--concurrency): peak heap growth with the %d MiB buffer budget / 2 × budget", k, size>>20, fix.DefaultMemoryLimit>>20),
		measured: fmt.Sprintf("%d MiB", bounded>>20), baseline: fmt.Sprintf("%d MiB (without the budget: %d MiB)", bound>>20, unbounded>>20),
		ratio: float64(bounded) / float64(bound), target: "≤ 1", pass: bounded <= bound})
	t.note("fix (memory): %d streamed moves at once: peak heap growth %d MiB with the %d MiB budget, %d MiB without (%.1f×)",
		k, bounded>>20, fix.DefaultMemoryLimit>>20, unbounded>>20, float64(unbounded)/float64(max(bounded, 1)))
	return nil
}

func newDest(ctx context.Context, cl *azblob.Client, ep string, cfg config, ct *counter) (*azstore.Container, error) {
	name, err := createContainer(ctx, cl, "fixdst")
	if err != nil {
		return nil, err
	}
	return azContainer(ep, name, cfg.concurrency, ct)
}

// seedOla uploads files block blobs in Ola Hallengren's nested layout,
// SERVER/DB/FULL/…, which the plan flattens to DB/….
func seedOla(ctx context.Context, cl *azblob.Client, container string, files, dbs int, size int64) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(8)
	for d := range dbs {
		db := fmt.Sprintf("DB%02d", d)
		b := bakhdrtest.NewBuilder(db, bakhdrtest.WithChecksums(), bakhdrtest.WithSize(size))
		for i := range files / dbs {
			bk := b.Full(time.Time{})
			if bk.Header.BackupType != bakhdr.TypeFull {
				return fmt.Errorf("builder made a %s", bk.Header.BackupType)
			}
			name := fmt.Sprintf("SQL01$PROD/%s/FULL/SQL01$PROD_%s_FULL_%03d.bak", db, db, i)
			g.Go(func() error {
				_, err := cl.UploadBuffer(gctx, container, name, bk.Bytes(), &azblob.UploadBufferOptions{BlockSize: 4 << 20, Concurrency: 2})
				return err
			})
		}
	}
	return g.Wait()
}

// mustTarget looks up a target the bench names itself.
func mustTarget(name string) layout.Target {
	t, err := layout.LookupTarget(name)
	if err != nil {
		panic(err)
	}
	return t
}

// scanBenchContainer opens a seeded container and scans it into the
// inventory fix plans from, as the CLI does.
func scanBenchContainer(ctx context.Context, ep, name string, cfg config, ct *counter) (*azstore.Container, *layout.Inventory, error) {
	src, err := azContainer(ep, name, cfg.concurrency, ct)
	if err != nil {
		return nil, nil, err
	}
	scanned, err := blobscan.Scan(ctx, []blobscan.Reader{src}, blobscan.ScanOptions{Concurrency: cfg.concurrency, Headers: true})
	if err != nil {
		return nil, nil, err
	}
	loc, err := blobscan.ParseLocation(src.Location())
	if err != nil {
		return nil, nil, err
	}
	return src, layout.NewInventory(loc, scanned), nil
}
