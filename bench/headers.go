package main

import (
	"context"
	"fmt"
	"time"

	"github.com/baklint/baklint/bakhdr"
	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/internal/fakeblob"
)

// headerModel: every request 20 ms, as the target says.
var headerModel = fakeblob.Model{PerRequest: 20 * time.Millisecond}

func benchHeaders(ctx context.Context, cfg config, t *table) error {
	ns := fakeblob.Namespace{Folders: 50, PerFolder: 200, Size: 1 << 20}
	if cfg.quick {
		ns.PerFolder = 40
	}
	ep, srv, err := startFake(ns, headerModel)
	if err != nil {
		return err
	}
	defer srv.stop()
	c, ct, err := fakeContainer(ep, cfg.concurrency, headerModel)
	if err != nil {
		return err
	}
	n := ns.Len()
	sp, err := measureCheckedHeaderScan(ctx, c, cfg, n, func(s blobscan.Scanned) error {
		if s.Header == nil {
			return fmt.Errorf("%s: no header: %v", s.Path, s.HeaderErr)
		}
		return nil
	})
	if err != nil {
		return err
	}
	gets, read := ct.gets.Load(), ct.readBytes.Load()
	reqs := gets + ct.lists.Load()
	// The listing's own service time counts as what it is; each read is 20 ms.
	service := time.Duration(ct.service.Load()) + time.Duration(gets)*headerModel.PerRequest
	limit := service / time.Duration(cfg.concurrency)
	perFile := float64(gets) / float64(n)
	t.add(row{name: fmt.Sprintf("headers, %d files of 1 MiB: range requests per file", n), measured: fmt.Sprintf("%.2f", perFile),
		baseline: "budget 2", ratio: perFile / 2, target: "≤ 1", pass: perFile <= 2})
	bytesPerFile := float64(read) / float64(n)
	t.add(row{name: fmt.Sprintf("headers, %d files: bytes read per file", n), measured: fmt.Sprintf("%.0f KiB", bytesPerFile/1024),
		baseline: "budget 512 KiB", ratio: bytesPerFile / (512 << 10), target: "≤ 1", pass: bytesPerFile <= 512<<10})
	t.add(row{name: fmt.Sprintf("headers, %d files behind 20 ms: time / (requests ÷ concurrency × latency)", n), measured: secs(sp.wall),
		baseline: fmt.Sprintf("%s (%d requests ÷ %d)", secs(limit), reqs, cfg.concurrency), ratio: sp.wall.Seconds() / limit.Seconds(),
		target: "≤ 2", pass: sp.wall <= 2*limit})
	t.note("headers (fakeblob): %d files, %d list + %d range requests, %d MiB read, %.2f s wall, %.2f s CPU (%.0f µs/file), head+tail %d+%d KiB",
		n, ct.lists.Load(), gets, read>>20, sp.wall.Seconds(), sp.cpu.Seconds(), float64(sp.cpu.Microseconds())/float64(n), bakhdr.DefaultHeadBytes>>10, bakhdr.DefaultTailBytes>>10)
	return benchHeadersAzurite(ctx, cfg, t)
}

// measureCheckedHeaderScan is measureHeaderScan that also checks the scan
// found all n files and that each passes check.
func measureCheckedHeaderScan(ctx context.Context, r blobscan.Reader, cfg config, n int, check func(blobscan.Scanned) error) (span, error) {
	got, sp, err := measureHeaderScan(ctx, r, cfg)
	if err != nil {
		return sp, err
	}
	for _, s := range got {
		if err := check(s); err != nil {
			return sp, err
		}
	}
	if len(got) != n {
		return sp, fmt.Errorf("scanned %d files, want %d", len(got), n)
	}
	return sp, nil
}

// measureHeaderScan times a scan of r that reads every header.
func measureHeaderScan(ctx context.Context, r blobscan.Reader, cfg config) ([]blobscan.Scanned, span, error) {
	var got []blobscan.Scanned
	sp, err := measure(func() error {
		var err error
		got, err = blobscan.Scan(ctx, []blobscan.Reader{r}, blobscan.ScanOptions{Concurrency: cfg.concurrency, Headers: true})
		return err
	})
	return got, sp, err
}
