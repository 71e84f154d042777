package main

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/blobscan/azstore"
	"github.com/baklint/baklint/internal/fakeblob"
)

type listShape struct {
	name string
	ns   fakeblob.Namespace
}

func listShapes(quick bool) []listShape {
	n := 100_000
	if quick {
		n = 20_000
	}
	return []listShape{
		{fmt.Sprintf("%dk blobs / %d folders", n/1000, 500), fakeblob.Namespace{Folders: 500, PerFolder: n / 500, Size: 1 << 20}},
		{fmt.Sprintf("%dk blobs / 1 folder", n/1000), fakeblob.Namespace{Folders: 1, PerFolder: n, Size: 1 << 20}},
		{fmt.Sprintf("%dk blobs / Ola tree, 500 dbs × FULL,LOG", n/1000), fakeblob.Namespace{Prefix: "SQL01$PROD/", Folders: 500, Sub: []string{"FULL", "LOG"}, PerFolder: n / 1000, Size: 1 << 20}},
	}
}

// fakeContainer opens the fake's container through azstore, as the CLI
// would, with a counting transport.
func fakeContainer(endpoint string, conc int, m fakeblob.Model) (*azstore.Container, *counter, error) {
	ct := newCounter(azstore.NewHTTPClient(conc), m)
	c, err := azstore.NewContainer("devstoreaccount1", endpoint, "bench", azstore.Auth{SAS: "sv=2024-01-01&sp=rl&sig=bench"},
		azstore.Options{Concurrency: conc, TryTimeout: 2 * time.Minute, Transport: ct})
	return c, ct, err
}

// sdkFlat is the baseline: the SDK's flat pager, one page after the other.
func sdkFlat(ctx context.Context, c *azstore.Container) (int, error) {
	n := 0
	pager := c.Client.NewListBlobsFlatPager(nil)
	for pager.More() {
		p, err := pager.NextPage(ctx)
		if err != nil {
			return n, err
		}
		n += len(p.Segment.BlobItems)
	}
	return n, nil
}

type listResult struct {
	base, scan   span
	baseN, scanN int
	requests     int64
	service      time.Duration
	inFlight     time.Duration // summed request time: ÷ wall = requests in flight on average
	serverCPU    time.Duration // the fake server's, on the same cores
}

func runListShape(ctx context.Context, cfg config, sh listShape) (listResult, error) {
	var r listResult
	ep, srv, err := startFake(sh.ns, fakeblob.AzureModel)
	if err != nil {
		return r, err
	}
	defer srv.stop()
	c, ct, err := fakeContainer(ep, cfg.concurrency, fakeblob.AzureModel)
	if err != nil {
		return r, err
	}
	if r.base, err = measure(func() error { r.baseN, err = sdkFlat(ctx, c); return err }); err != nil {
		return r, fmt.Errorf("sequential flat listing: %w", err)
	}
	ct.reset()
	srvCPU := srv.cpu()
	var folderErr error
	r.scan, err = measure(func() error {
		got, err := blobscan.Scan(ctx, []blobscan.Reader{c}, blobscan.ScanOptions{Concurrency: cfg.concurrency,
			OnError: func(p string, err error) { folderErr = fmt.Errorf("%s: %w", p, err) }})
		r.scanN = len(got)
		return err
	})
	if err == nil {
		err = folderErr
	}
	if err != nil {
		return r, fmt.Errorf("scan: %w", err)
	}
	r.serverCPU = srv.cpu() - srvCPU
	r.requests, r.service = ct.lists.Load(), time.Duration(ct.service.Load())
	r.inFlight = time.Duration(ct.inFlight.Load())
	if r.baseN != sh.ns.Len() || r.scanN != sh.ns.Len() {
		return r, fmt.Errorf("listed %d (flat) and %d (scan) blobs, want %d", r.baseN, r.scanN, sh.ns.Len())
	}
	return r, nil
}

func usPerBlob(d time.Duration, n int) float64 { return float64(d.Microseconds()) / float64(n) }

func benchList(ctx context.Context, cfg config, t *table) error {
	cores := time.Duration(runtime.NumCPU())
	for i, sh := range listShapes(cfg.quick) {
		fmt.Printf("  listing %s...\n", sh.name)
		r, err := runListShape(ctx, cfg, sh)
		if err != nil {
			return fmt.Errorf("%s: %w", sh.name, err)
		}
		n := sh.ns.Len()
		t.note("%s: sequential flat %s (%.1f µs CPU/blob); scan %s (%.1f µs CPU/blob), %d list requests, %.1f s modelled service time, fake server %.2f s CPU, %.1f requests in flight on average",
			sh.name, secs(r.base.wall), usPerBlob(r.base.cpu, n), secs(r.scan.wall), usPerBlob(r.scan.cpu, n), r.requests, r.service.Seconds(), r.serverCPU.Seconds(), r.inFlight.Seconds()/r.scan.wall.Seconds())
		speedup := r.base.wall.Seconds() / r.scan.wall.Seconds()
		switch i {
		case 0, 2:
			t.add(row{name: "scan " + sh.name + ": speed-up over sequential flat", measured: secs(r.scan.wall), baseline: secs(r.base.wall),
				ratio: speedup, target: "≥ 5×", pass: speedup >= 5})
			// The fake server runs on the same cores: its CPU is part of
			// this machine's floor (on Azure it would not be ours).
			limit := max(r.service/time.Duration(cfg.concurrency), (r.scan.cpu+r.serverCPU)/cores)
			t.add(row{name: "scan " + sh.name + ": time / limit", measured: secs(r.scan.wall),
				baseline: fmt.Sprintf("%s = max(%.2f s service ÷ %d, (%.2f s scan + %.2f s fake server) CPU ÷ %d)", secs(limit), r.service.Seconds(), cfg.concurrency, r.scan.cpu.Seconds(), r.serverCPU.Seconds(), cores),
				ratio:    r.scan.wall.Seconds() / limit.Seconds(), target: "≤ 1.5", pass: r.scan.wall <= limit*3/2})
			cpuRatio := usPerBlob(r.scan.cpu, n) / usPerBlob(r.base.cpu, n)
			t.add(row{name: "scan " + sh.name + ": CPU per blob / SDK pager's", measured: fmt.Sprintf("%.1f µs", usPerBlob(r.scan.cpu, n)),
				baseline: fmt.Sprintf("%.1f µs", usPerBlob(r.base.cpu, n)), ratio: cpuRatio, target: "≤ 1.5 (adds little)", pass: cpuRatio <= 1.5})
		case 1:
			ratio := r.scan.wall.Seconds() / r.base.wall.Seconds()
			t.add(row{name: "scan " + sh.name + ": time / sequential flat", measured: secs(r.scan.wall), baseline: secs(r.base.wall),
				ratio: ratio, target: "≤ 1.00", pass: ratio <= 1.0})
		}
	}
	return nil
}
