package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/baklint/baklint/bakhdr/bakhdrtest"
	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/layout"
)

type lintSpec struct{ Databases, PerDatabase int }

type lintOut struct {
	Files                  int
	Inventory, Lint        time.Duration // CPU
	LintWall               time.Duration
	PeakRSS, BaseRSS       int64
	GenRSS                 int64 // peak while generating the scan result
	Errors, Warnings, Info int
}

// lintChild scans nothing: it builds what a scan of dbs × per blobs returns
// (paths, properties, a decoded header each, with its own strings, as the
// decoder makes them), then attributes and lints it for lrs, the target with
// the most rules, and reports CPU and the process's peak RSS.
func lintChild() int {
	var spec lintSpec
	if err := json.Unmarshal([]byte(os.Getenv("BAKLINT_BENCH_SPEC")), &spec); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	runtime.GC()
	var out lintOut
	scanned := make([]blobscan.Scanned, 0, spec.Databases*spec.PerDatabase)
	modified := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for d := range spec.Databases {
		db := fmt.Sprintf("DB%05d", d)
		b := bakhdrtest.NewBuilder(db, bakhdrtest.WithChecksums(), bakhdrtest.WithSize(1<<20), bakhdrtest.WithVersion("15.0.2080"))
		for i := range spec.PerDatabase {
			var bk bakhdrtest.Backup
			if i == 0 {
				bk = b.Full(time.Time{})
			} else {
				bk = b.Log(time.Time{})
			}
			h := bk.Header
			scanned = append(scanned, blobscan.Scanned{Container: "bench", Header: &h, Object: blobscan.Object{
				Path: db + "/" + bk.Name, Size: bk.Size, BlobType: blobscan.BlockBlob, Tier: blobscan.TierHot,
				ETag: fmt.Sprintf(`"0x8DC%012X"`, len(scanned)), LastModified: modified,
			}})
		}
	}
	// What the scan hands over is the starting point: the generator's own
	// garbage is freed and the high-water mark reset, so the peak is that
	// of attribution and lint over a scan's result.
	out.GenRSS = peakRSS()
	runtime.GC()
	debug.FreeOSMemory()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	out.BaseRSS = peakRSS()
	target, err := layout.LookupTarget("lrs")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	c0 := cpuTime()
	inv := layout.NewInventory(blobscan.Location{Kind: blobscan.KindContainer, Scheme: "https", Host: "bench.blob.core.windows.net", Account: "bench", Container: "bench"}, scanned)
	scanned = nil
	c1, t1 := cpuTime(), time.Now()
	res := layout.Lint(inv, target)
	out.LintWall = time.Since(t1)
	out.Inventory, out.Lint = c1-c0, cpuTime()-c1
	out.Files = res.Inventory.Files
	out.Errors, out.Warnings, out.Info = res.Summary.Errors, res.Summary.Warnings, res.Summary.Infos
	runtime.KeepAlive(inv)
	out.PeakRSS = peakRSS()
	_ = json.NewEncoder(os.Stdout).Encode(out)
	return 0
}

func benchLint(ctx context.Context, cfg config, t *table) error {
	spec := lintSpec{Databases: 1000, PerDatabase: 1000}
	if cfg.quick {
		spec.Databases = 200
	}
	c, err := startChild("lint", spec)
	if err != nil {
		return err
	}
	defer c.stop()
	line, err := c.line()
	if err != nil {
		return fmt.Errorf("lint child: %w", err)
	}
	var out lintOut
	if err := json.Unmarshal([]byte(line), &out); err != nil {
		return fmt.Errorf("lint child said %q: %w", line, err)
	}
	n := spec.Databases * spec.PerDatabase
	if out.Files != n {
		return fmt.Errorf("lint saw %d files, want %d", out.Files, n)
	}
	budget := 5 * time.Second * time.Duration(n) / 1_000_000
	t.add(row{name: fmt.Sprintf("lint %dk inventoried blobs (lrs): CPU", n/1000), measured: secs(out.Lint),
		baseline: "budget " + secs(budget), ratio: out.Lint.Seconds() / budget.Seconds(), target: "≤ 1 (< 5 s per million)", pass: out.Lint < budget})
	perBlob := float64(out.PeakRSS) / float64(n)
	t.add(row{name: fmt.Sprintf("lint %dk inventoried blobs: peak RSS per blob", n/1000), measured: fmt.Sprintf("%.0f B", perBlob),
		baseline: "budget 1024 B", ratio: perBlob / 1024, target: "≤ 1 (< 1 KiB)", pass: perBlob < 1024})
	t.note("lint of %d blobs: %.2f s CPU (%.2f µs/blob), %.2f s wall; attribution (NewInventory) %.2f s CPU; peak RSS %d MiB from a scan result of %d MiB resident (the generator peaked at %d MiB); %d errors, %d warnings",
		n, out.Lint.Seconds(), float64(out.Lint.Nanoseconds())/float64(n)/1000, out.LintWall.Seconds(), out.Inventory.Seconds(), out.PeakRSS>>20, out.BaseRSS>>20, out.GenRSS>>20, out.Errors, out.Warnings)
	return nil
}
