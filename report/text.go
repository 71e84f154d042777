package report

import (
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/baklint/baklint/layout"
)

// TextOptions shape the terminal report.
type TextOptions struct {
	// Color adds ANSI colours; the CLI sets it only when stdout is a
	// terminal and NO_COLOR is unset.
	Color bool
	// Window is the cutover window for the batch plan (0: none).
	Window time.Duration
}

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

type painter bool

func (p painter) paint(code, s string) string {
	if !p || s == "" {
		return s
	}
	return code + s + ansiReset
}

func (p painter) severity(s layout.Severity) string {
	label := fmt.Sprintf("%-7s", s.String())
	switch s {
	case layout.Error:
		return p.paint(ansiRed+ansiBold, label)
	case layout.Warning:
		return p.paint(ansiYellow, label)
	default:
		return p.paint(ansiCyan, label)
	}
}

// rootLabel names the container root in folder headings.
const rootLabel = "(container root)"

// Text writes findings grouped by folder, the migration batches and a
// one-line summary, for a person at a terminal.
func Text(w io.Writer, res *layout.Result, opts TextOptions) error {
	res = printableCopy(res)
	p := painter(opts.Color)
	var b strings.Builder
	fs := sortedFindings(res.Findings)

	target := res.Target
	if target == "" {
		target = "any"
	}
	fmt.Fprintf(&b, "%s %s (target %s)\n", p.paint(ansiBold, "Source:"), cleanSource(res.Source), target)

	groups, order := groupByFolder(fs)
	ruleWidth := 0
	for _, f := range fs {
		ruleWidth = max(ruleWidth, len(f.Rule))
	}
	for _, dir := range order {
		fmt.Fprintf(&b, "\n%s\n", p.paint(ansiBold, dir))
		for _, f := range groups[dir] {
			name := path.Base(fullPath(f.Container, f.Path))
			switch {
			case f.Path == "":
				name = rootLabel
			case strings.HasSuffix(f.Path, "/"):
				name = "(folder)"
			}
			fmt.Fprintf(&b, "  %s %-*s  %s: %s\n", p.severity(f.Severity), ruleWidth, f.Rule, name, f.Message)
			if f.Remedy != "" {
				fmt.Fprintf(&b, "  %s %s\n", strings.Repeat(" ", 7+1+ruleWidth+1), p.paint(ansiDim, "fix: "+f.Remedy))
			}
		}
	}

	writeDatabasesText(&b, p, res.Databases)
	writeBatchesText(&b, p, Batches(res.Databases, opts.Window), opts.Window)

	fmt.Fprintf(&b, "\n%s\n", p.paint(ansiBold, summaryLine(layout.Summarize(fs), res.Inventory)))
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("writing text report: %w", err)
	}
	return nil
}

// groupByFolder keeps the sorted order of findings inside each folder and
// orders folders by name, the root first.
func groupByFolder(fs []layout.Finding) (map[string][]layout.Finding, []string) {
	groups := map[string][]layout.Finding{}
	var order []string
	for _, f := range fs {
		p := fullPath(f.Container, f.Path)
		dir := path.Dir(p)
		if strings.HasSuffix(p, "/") {
			dir = strings.TrimSuffix(p, "/") // a folder finding heads its own folder
		}
		if dir == "." || dir == "/" || f.Path == "" {
			dir = rootLabel
			if f.Container != "" {
				dir = f.Container
			}
		}
		if _, ok := groups[dir]; !ok {
			order = append(order, dir)
		}
		groups[dir] = append(groups[dir], f)
	}
	sort.SliceStable(order, func(i, j int) bool {
		if (order[i] == rootLabel) != (order[j] == rootLabel) {
			return order[i] == rootLabel
		}
		return order[i] < order[j]
	})
	return groups, order
}

func writeBatchesText(b *strings.Builder, p painter, batches []Batch, window time.Duration) {
	if len(batches) == 0 {
		return
	}
	limit := fmt.Sprintf("at most %d per batch", MaxBatch)
	if window > 0 {
		limit += fmt.Sprintf(", cutover within %s", window)
	}
	fmt.Fprintf(b, "\n%s (largest first, %s)\n", p.paint(ansiBold, "Migration batches"), limit)
	for _, bt := range batches {
		fmt.Fprintf(b, "  batch %d: %s, %s, ~%d min to queue, ~%d min to cut over\n",
			bt.Number, plural(len(bt.Databases), "database"), humanBytes(bt.Bytes), bt.QueueMinutes, bt.CutoverMinutes)
		if bt.OverWindow {
			fmt.Fprintf(b, "    %s\n", p.paint(ansiYellow, "one database's cutover alone exceeds the window"))
		}
		fmt.Fprintf(b, "    %s\n", strings.Join(bt.Databases, ", "))
	}
}

// summaryLine reads "3 errors, 1 warning in 42 files, 5 databases"; infos
// appear only when there are some, as most rule sets have none.
func summaryLine(s layout.Summary, inv layout.InventoryStats) string {
	parts := []string{plural(s.Errors, "error"), plural(s.Warnings, "warning")}
	if s.Infos > 0 {
		parts = append(parts, plural(s.Infos, "info"))
	}
	return fmt.Sprintf("%s in %s, %s", strings.Join(parts, ", "), plural(inv.Files, "file"), plural(inv.Databases, "database"))
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
