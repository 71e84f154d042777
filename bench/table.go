package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"
)

// row is one target: measured against a baseline (or a budget) from the
// same run, their ratio, and the target the ratio must meet.
type row struct {
	name, measured, baseline string
	ratio                    float64
	target                   string
	pass                     bool
	// recorded rows show a measurement that another row judges; they
	// neither pass nor fail.
	recorded bool
}

type table struct {
	rows  []row
	notes []string
}

func (t *table) add(r row) { t.rows = append(t.rows, r) }

func (t *table) note(format string, args ...any) {
	t.notes = append(t.notes, fmt.Sprintf(format, args...))
}

func (t *table) allPass() bool {
	for _, r := range t.rows {
		if !r.pass && !r.recorded {
			return false
		}
	}
	return true
}

func (t *table) print(w io.Writer) {
	fmt.Fprintln(w, "| row | measured | baseline (same run) | ratio | target | result |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|")
	for _, r := range t.rows {
		res := "pass"
		switch {
		case r.recorded:
			res = "recorded"
		case !r.pass:
			res = "**FAIL**"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %.2f | %s | %s |\n", r.name, r.measured, r.baseline, r.ratio, r.target, res)
	}
	if len(t.notes) > 0 {
		fmt.Fprintln(w)
		for _, n := range t.notes {
			fmt.Fprintf(w, "- %s\n", n)
		}
	}
}

func printMachine(w io.Writer, cfg config, took time.Duration) {
	mode := "full"
	if cfg.quick {
		mode = "quick"
	}
	fmt.Fprintf(w, "Machine: %d cores (nproc), %s, %s %s/%s; run: %s sizes, concurrency %d, took %v\n\n",
		runtime.NumCPU(), cpuModel(), runtime.Version(), runtime.GOOS, runtime.GOARCH, mode, cfg.concurrency, took.Round(time.Second))
}

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }
