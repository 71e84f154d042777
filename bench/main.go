// Command bench measures baklint at scale in one run and prints a table of
// each target against its baseline, measured in the same run:
//
//	go run ./bench            # full sizes, about five minutes
//	go run ./bench -quick     # smaller sizes, about a minute
//
// Listing and header reads run against internal/fakeblob (a loopback List
// Blobs endpoint with Azure's service time, in a child process so that the
// CPU measured is the client's), header reads also against Azurite behind
// toxiproxy, the lint of a million blobs in a child process (its peak RSS
// is the lint's own), and the fixer against Azurite.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"
)

type config struct {
	quick       bool
	huge        bool // e2e at ten million blobs only
	concurrency int
	only        map[string]bool
	peers       string // folder holding rclone and azcopy binaries
	reps        int    // runs per e2e tool, for medians
}

func main() {
	if role := os.Getenv(roleEnv); role != "" {
		os.Exit(child(role))
	}
	var cfg config
	var only string
	flag.BoolVar(&cfg.quick, "quick", false, "smaller sizes (a fifth), for a quick check")
	flag.BoolVar(&cfg.huge, "huge", false, "with -only e2e: ten million blobs in folders of 2,000, scan and lint timed (several minutes, GBs of RAM)")
	// The CLI's default: 2 × 8 × cores.
	flag.IntVar(&cfg.concurrency, "concurrency", 2*8*runtime.NumCPU(), "parallel requests, as baklint --concurrency")
	flag.StringVar(&only, "only", "", "comma-separated groups to run: list,headers,decode,lint,fix,e2e (default all)")
	flag.StringVar(&cfg.peers, "peers", os.Getenv("BAKLINT_BENCH_PEERS"), "folder with rclone and azcopy binaries to measure beside baklint (absent ones are skipped)")
	flag.IntVar(&cfg.reps, "reps", 3, "runs of each end-to-end command; the table quotes medians")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to FILE")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		_ = pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	if only != "" {
		cfg.only = map[string]bool{}
		for _, g := range strings.Split(only, ",") {
			cfg.only[strings.TrimSpace(g)] = true
		}
	}
	ctx := context.Background()
	start := time.Now()
	t := &table{}
	groups := []struct {
		name string
		run  func(context.Context, config, *table) error
	}{
		{"list", benchList},
		{"headers", benchHeaders},
		{"decode", benchDecode},
		{"lint", benchLint},
		{"fix", benchFix},
		{"e2e", benchE2E},
	}
	failed := false
	for _, g := range groups {
		if cfg.only != nil && !cfg.only[g.name] {
			continue
		}
		fmt.Fprintf(os.Stderr, "bench: %s...\n", g.name)
		if err := g.run(ctx, cfg, t); err != nil {
			fmt.Fprintf(os.Stderr, "bench: %s: %v\n", g.name, err)
			t.note("%s: did not run: %v", g.name, err)
			failed = true
		}
	}
	stopAzurite()
	printMachine(os.Stdout, cfg, time.Since(start))
	t.print(os.Stdout)
	if failed || !t.allPass() {
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}
