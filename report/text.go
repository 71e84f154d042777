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

	sections, order := textSections(fs)
	ruleWidth := 0
	for _, f := range fs {
		ruleWidth = max(ruleWidth, len(f.Rule))
	}
	indent := strings.Repeat(" ", 2+7+1+ruleWidth+2)
	for _, dir := range order {
		fmt.Fprintf(&b, "\n%s\n", p.paint(ansiBold, dir))
		for _, e := range sections[dir] {
			if e.group != nil {
				writeGroupText(&b, p, e.group, ruleWidth, indent)
				continue
			}
			f := e.finding
			name := path.Base(fullPath(f.Container, f.Path))
			switch {
			case f.Path == "":
				name = rootLabel
			case strings.HasSuffix(f.Path, "/"):
				name = "(folder)"
			}
			fmt.Fprintf(&b, "  %s %-*s  %s: %s\n", p.severity(f.Severity), ruleWidth, f.Rule, name, f.Message)
			if f.Remedy != "" {
				fmt.Fprintf(&b, "%s%s\n", indent, p.paint(ansiDim, "fix: "+f.Remedy))
			}
		}
	}

	writeDatabasesText(&b, p, res.Databases)
	writeBatchesText(&b, p, Batches(res.Databases, opts.Window), opts.Window, vmTarget(res.Target))

	fmt.Fprintf(&b, "\n%s\n", p.paint(ansiBold, summaryLine(res.Summary, res.Inventory)))
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("writing text report: %w", err)
	}
	return nil
}

// textEntry is one finding, or one group of like findings, in a section.
type textEntry struct {
	finding *layout.Finding
	group   *findingGroup
}

// textSections sorts findings into sections headed by folder, in the sorted
// order of the findings inside each section; sections go by name, the root
// first. A group of like findings (groupFindings) stands once, where its
// first finding would, in the section of the first-level folder it covers.
func textSections(fs []layout.Finding) (map[string][]textEntry, []string) {
	groups, of := groupFindings(fs)
	sections := map[string][]textEntry{}
	var order []string
	add := func(dir string, e textEntry) {
		if _, ok := sections[dir]; !ok {
			order = append(order, dir)
		}
		sections[dir] = append(sections[dir], e)
	}
	shown := make([]bool, len(groups))
	for i := range fs {
		if g := of[i]; g >= 0 {
			if !shown[g] {
				shown[g] = true
				add(sectionOf(groups[g].Container, groups[g].Folder+"/"), textEntry{group: &groups[g]})
			}
			continue
		}
		add(sectionOf(fs[i].Container, fs[i].Path), textEntry{finding: &fs[i]})
	}
	sort.SliceStable(order, func(i, j int) bool {
		if (order[i] == rootLabel) != (order[j] == rootLabel) {
			return order[i] == rootLabel
		}
		return order[i] < order[j]
	})
	return sections, order
}

// sectionOf is the heading a path's findings go under: its folder, or for
// a folder finding (trailing slash) the folder itself; the container root
// is rootLabel, or the container's name in an account-wide report.
func sectionOf(container, p string) string {
	full := fullPath(container, p)
	dir := path.Dir(full)
	if strings.HasSuffix(full, "/") {
		dir = strings.TrimSuffix(full, "/")
	}
	if dir == "." || dir == "/" || dir == "" || p == "" || p == "/" {
		if container != "" {
			return container
		}
		return rootLabel
	}
	return dir
}

// writeGroupText writes a group as one finding line with the count, the
// shared remedy, and the first few files.
func writeGroupText(b *strings.Builder, p painter, g *findingGroup, ruleWidth int, indent string) {
	fmt.Fprintf(b, "  %s %-*s  %s %s: %s\n", p.severity(g.Severity), ruleWidth, g.Rule, plural(g.Count(), "file"), g.Where(), g.Message)
	if g.Remedy != "" {
		fmt.Fprintf(b, "%s%s\n", indent, p.paint(ansiDim, "fix: "+g.Remedy))
	}
	for i, f := range g.Findings[:min(groupShown, g.Count())] {
		label := "       "
		if i == 0 {
			label = "files: "
		}
		fmt.Fprintf(b, "%s%s%s\n", indent, p.paint(ansiDim, label), g.Rel(f))
	}
	if more := g.Count() - groupShown; more > 0 {
		fmt.Fprintf(b, "%s       %s\n", indent, p.paint(ansiDim, fmt.Sprintf("… and %d more (--format json lists every file)", more)))
	}
}

// writeBatchesText lists the batches; cutover says whether DMS's cut-over
// estimate applies (Azure VM targets), else only the queue time is given.
func writeBatchesText(b *strings.Builder, p painter, batches []Batch, window time.Duration, cutover bool) {
	if len(batches) == 0 {
		return
	}
	limit := fmt.Sprintf("at most %d per batch", MaxBatch)
	if window > 0 {
		limit += fmt.Sprintf(", cutover within %s", window)
	}
	fmt.Fprintf(b, "\n%s (largest first, %s)\n", p.paint(ansiBold, "Migration batches"), limit)
	for _, bt := range batches {
		fmt.Fprintf(b, "  batch %d: %s, %s%s, ~%d min to queue", bt.Number, plural(len(bt.Databases), "database"), humanBytes(bt.Bytes), restoredText(bt), bt.QueueMinutes)
		if cutover {
			fmt.Fprintf(b, ", ~%d min to cut over", bt.CutoverMinutes)
		}
		b.WriteByte('\n')
		if bt.OverWindow {
			fmt.Fprintf(b, "    %s\n", p.paint(ansiYellow, "one database's cutover alone exceeds the window"))
		}
		fmt.Fprintf(b, "    %s\n", strings.Join(bt.Databases, ", "))
	}
}

// restoredText says how much the batch's databases take once restored:
// ", restored 14 GiB", or with databases of unknown size, ", restored at
// least 14 GiB (2 databases of unknown size)"; nothing when none is known.
func restoredText(bt Batch) string {
	switch {
	case bt.DataBytes == 0:
		return ""
	case bt.DataBytesUnknown == 0:
		return ", restored " + humanBytes(bt.DataBytes)
	}
	return fmt.Sprintf(", restored at least %s (%s of unknown size)", humanBytes(bt.DataBytes), plural(bt.DataBytesUnknown, "database"))
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
