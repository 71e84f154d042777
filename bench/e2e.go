package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/baklint/baklint/internal/fakeblob"
)

// The e2e group measures what users run: the built baklint binary, end to
// end (list, attribute, render JSON to a pipe), as a child process whose
// wall time and peak RSS are its own, against a fakeblob child with Azure's
// service model. Beside it, in the same run and against the same fake,
// rclone and azcopy when their binaries are found (-peers, see README).

type e2eShape struct {
	name string
	spec fakeSpec
	// seqBaseline: also time the SDK's sequential flat listing (135 s at
	// a million blobs, so only at 100k).
	seqBaseline bool
	// oneFolder: the target is ≥ 4× the sequential listing.
	oneFolder bool
	// rssBudget: peak RSS of scan and lint at most this (0: no target).
	rssBudget int64
}

func e2eShapes(quick, huge bool) []e2eShape {
	k, m := 100_000, 1_000_000
	if quick {
		k, m = 20_000, 200_000
	}
	ns := func(folders, per int) fakeblob.Namespace {
		return fakeblob.Namespace{Folders: folders, PerFolder: per, Size: 1 << 20}
	}
	if huge {
		// A year of 15-minute log backups for 300 databases, and then
		// some: ten million blobs in folders of 2,000. Time and peak RSS
		// are recorded, not judged.
		return []e2eShape{{name: "10000k blobs / 5000 folders", spec: fakeSpec{NS: ns(5000, 2000), Model: fakeblob.AzureModel}}}
	}
	return []e2eShape{
		{name: fmt.Sprintf("%dk blobs / 500 folders", k/1000), spec: fakeSpec{NS: ns(500, k/500), Model: fakeblob.AzureModel}, seqBaseline: true},
		{name: fmt.Sprintf("%dk blobs / 1 folder", k/1000), spec: fakeSpec{NS: fakeblob.Namespace{Folders: 1, Sub: []string{"LOG"}, PerFolder: k, Size: 1 << 20}, Model: fakeblob.AzureModel}, seqBaseline: true, oneFolder: true},
		{name: fmt.Sprintf("%dk blobs / 1 folder, Arrow account", k/1000), spec: fakeSpec{NS: fakeblob.Namespace{Folders: 1, Sub: []string{"LOG"}, PerFolder: k, Size: 1 << 20}, Model: fakeblob.AzureModel, Arrow: true}, seqBaseline: true, oneFolder: true},
		{name: fmt.Sprintf("%dk blobs / %d folders", m/1000, m/200), spec: fakeSpec{NS: ns(m/200, 200), Model: fakeblob.AzureModel}, rssBudget: 250 << 20},
	}
}

// run is one child process run: wall, CPU and peak RSS.
type run struct {
	wall, cpu time.Duration
	rss       int64
	lines     int
}

// tool is one command run against a fake endpoint.
type tool struct {
	name string
	cmd  func(endpoint string) *exec.Cmd
	// min is how many output lines a complete listing prints at least.
	min func(n int) int
}

func runTool(ctx context.Context, t tool, endpoint string, n int) (run, error) {
	cmd := t.cmd(endpoint)
	var out lineCounter
	var errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	u, err := measured(cmd)
	r := run{wall: u.Wall, cpu: u.CPU, rss: u.RSS, lines: out.n}
	if err != nil {
		return r, fmt.Errorf("%s: %v: %s", t.name, err, lastLine(errb.Bytes()))
	}
	if r.lines < t.min(n) {
		return r, fmt.Errorf("%s printed %d lines for %d blobs: the listing is incomplete", t.name, r.lines, n)
	}
	return r, nil
}

type lineCounter struct{ n int }

func (c *lineCounter) Write(p []byte) (int, error) {
	c.n += bytes.Count(p, []byte{'\n'})
	return len(p), nil
}

func lastLine(b []byte) string {
	b = bytes.TrimSpace(b)
	if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
		b = b[i+1:]
	}
	return string(b)
}

const benchSAS = "sv=2026-02-06&ss=b&srt=co&sp=rl&se=2099-01-01T00:00:00Z&sig=bench"

// tools are baklint scan and lint (the target rows) and the peers found.
func tools(bin string, cfg config) []tool {
	conc := fmt.Sprint(cfg.concurrency)
	url := func(ep string) string { return ep + "/bench?" + benchSAS }
	ts := []tool{
		{name: "baklint scan", cmd: func(ep string) *exec.Cmd {
			return exec.Command(bin, "scan", "--no-headers", "--quiet", "--format", "json", "--concurrency", conc, url(ep))
		}, min: func(n int) int { return 9 * n }}, // 9 lines per file, indented
		{name: "baklint lint", cmd: func(ep string) *exec.Cmd {
			return exec.Command(bin, "lint", "--no-headers", "--quiet", "--target", "lrs", "--format", "json", "--fail-on", "never", "--concurrency", conc, url(ep))
		}, min: func(int) int { return 1 }},
	}
	if p := peer(cfg, "rclone"); p != "" {
		ts = append(ts, tool{name: "rclone lsf -R", cmd: func(ep string) *exec.Cmd {
			c := exec.Command(p, "lsf", "-R", "--disable", "ListR", "--checkers", conc, "--files-only", ":azureblob:")
			c.Env = append(os.Environ(), "RCLONE_AZUREBLOB_SAS_URL="+url(ep), "RCLONE_CONFIG=/dev/null")
			return c
		}, min: func(n int) int { return n }})
	}
	if p := peer(cfg, "azcopy"); p != "" {
		ts = append(ts, tool{name: "azcopy list", cmd: func(ep string) *exec.Cmd {
			// azcopy infers the service from the host name, and an IP
			// address tells it nothing: --location says Blob.
			c := exec.Command(p, "list", "--location", "Blob", url(ep))
			c.Env = append(os.Environ(), "AZCOPY_LOG_LOCATION="+os.TempDir(), "AZCOPY_JOB_PLAN_LOCATION="+os.TempDir())
			return c
		}, min: func(n int) int { return n }})
	}
	return ts
}

// peer is the path of a peer's binary in -peers, "" when absent (the bench
// skips it: peers are not part of CI).
func peer(cfg config, name string) string {
	if cfg.peers == "" {
		return ""
	}
	p := filepath.Join(cfg.peers, name)
	if fi, err := os.Stat(p); err != nil || fi.IsDir() {
		return ""
	}
	return p
}

func buildBaklint(dir string) (string, error) {
	bin := filepath.Join(dir, "baklint")
	out, err := exec.Command("go", "build", "-o", bin, "./cmd/baklint").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build ./cmd/baklint (run the bench from the module root): %v: %s", err, out)
	}
	return bin, nil
}

// medianRun takes the median of each measure on its own.
func medianRun(rs []run) run {
	var wall, cpu []time.Duration
	var rss []int64
	for _, r := range rs {
		wall, cpu, rss = append(wall, r.wall), append(cpu, r.cpu), append(rss, r.rss)
	}
	return run{wall: median(wall), cpu: median(cpu), rss: median(rss)}
}

func benchE2E(ctx context.Context, cfg config, t *table) error {
	dir, err := os.MkdirTemp("", "baklint-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin, err := buildBaklint(dir)
	if err != nil {
		return err
	}
	ts := tools(bin, cfg)
	if len(ts) == 2 {
		t.note("e2e: no peers in -peers %q (rclone, azcopy): their columns are skipped", cfg.peers)
	}
	for _, sh := range e2eShapes(cfg.quick, cfg.huge) {
		if err := e2eShape1(ctx, cfg, t, ts, sh); err != nil {
			return fmt.Errorf("%s: %w", sh.name, err)
		}
	}
	return nil
}

func e2eShape1(ctx context.Context, cfg config, t *table, ts []tool, sh e2eShape) error {
	fmt.Printf("  e2e %s...\n", sh.name)
	ep, srv, err := startFakeSpec(sh.spec)
	if err != nil {
		return err
	}
	defer srv.stop()
	n := sh.spec.NS.Len()
	var seq time.Duration
	if sh.seqBaseline {
		c, _, err := fakeContainer(ep, cfg.concurrency, sh.spec.Model)
		if err != nil {
			return err
		}
		s, err := measure(func() error {
			got, err := sdkFlat(ctx, c)
			if err == nil && got != n {
				err = fmt.Errorf("sequential listing found %d of %d", got, n)
			}
			return err
		})
		if err != nil {
			return err
		}
		seq = s.wall
	}
	reps := cfg.reps
	if n >= 500_000 {
		reps = max(1, reps/2) // a million blobs takes half a minute a run
	}
	med := map[string]run{}
	summary := ""
	// Rounds interleave the tools, so a slow spell on the shared machine
	// falls on all of them alike.
	all := make(map[string][]run)
	for range reps {
		for _, tl := range ts {
			r, err := runTool(ctx, tl, ep, n)
			if err != nil {
				return err
			}
			all[tl.name] = append(all[tl.name], r)
		}
	}
	for _, tl := range ts {
		m := medianRun(all[tl.name])
		med[tl.name] = m
		summary += fmt.Sprintf("; %s %s, %.1f s CPU, %d MB", tl.name, secs(m.wall), m.cpu.Seconds(), m.rss>>20)
	}
	if seq > 0 {
		summary = fmt.Sprintf("; sequential flat listing (SDK) %s", secs(seq)) + summary
	}
	t.note("e2e %s, medians of %d runs%s", sh.name, reps, summary)
	scan, lint := med["baklint scan"], med["baklint lint"]
	peers := func(pick func(run) string) string {
		s := ""
		for _, p := range []string{"rclone lsf -R", "azcopy list"} {
			if r, ok := med[p]; ok {
				s += fmt.Sprintf("; %s %s", p, pick(r))
			}
		}
		return s
	}
	if sh.oneFolder {
		ratio := seq.Seconds() / scan.wall.Seconds()
		t.add(row{name: "e2e scan " + sh.name + ": speed-up over sequential flat", measured: secs(scan.wall),
			baseline: secs(seq) + peers(func(r run) string { return secs(r.wall) }), ratio: ratio, target: "≥ 4×", pass: ratio >= 4})
	}
	if len(med) > 2 {
		best := time.Duration(0)
		for name, r := range med {
			if name != "baklint scan" && name != "baklint lint" && (best == 0 || r.wall < best) {
				best = r.wall
			}
		}
		ratio := scan.wall.Seconds() / best.Seconds()
		t.add(row{name: "e2e scan " + sh.name + ": time / fastest peer", measured: secs(scan.wall),
			baseline: secs(best) + peers(func(r run) string { return secs(r.wall) }), ratio: ratio, target: "≤ 1 (ahead)", pass: ratio <= 1})
	}
	if sh.rssBudget > 0 {
		for _, x := range []struct {
			name string
			r    run
		}{{"scan", scan}, {"lint", lint}} {
			ratio := float64(x.r.rss) / float64(sh.rssBudget)
			t.add(row{name: fmt.Sprintf("e2e %s %s: peak RSS", x.name, sh.name), measured: fmt.Sprintf("%d MB", x.r.rss>>20),
				baseline: fmt.Sprintf("budget %d MB", sh.rssBudget>>20) + peers(func(r run) string { return fmt.Sprintf("%d MB", r.rss>>20) }),
				ratio:    ratio, target: "≤ 1", pass: ratio <= 1})
		}
	}
	return nil
}
