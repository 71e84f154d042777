package fix

import (
	"fmt"
	"io"
	"sort"

	"github.com/baklint/baklint/layout"
)

// moveFolder is the database folder a move lands in.
func moveFolder(m Move) string {
	if m.Folder != "" {
		return m.Folder
	}
	return m.Database
}

// RenderPlan writes the plan for a DBA: per database what goes where, which
// copies convert the blob type, what is left alone and why, and totals.
func RenderPlan(w io.Writer, d *PlanDoc) error {
	p := &errWriter{w: w}
	p.printf("Plan: %s -> %s (target %s)\n", d.Source, d.Dest, d.Target)
	// Grouped by destination folder: two databases that share a name
	// have a folder each.
	byDB := map[string][]Move{}
	for _, m := range d.Moves {
		byDB[moveFolder(m)] = append(byDB[moveFolder(m)], m)
	}
	dbs := make([]string, 0, len(byDB))
	for db := range byDB {
		dbs = append(dbs, db)
	}
	sort.Strings(dbs)
	var bytes int64
	conversions := 0
	for _, folder := range dbs {
		ms := byDB[folder]
		db := ms[0].Database
		var n int64
		for _, m := range ms {
			n += m.Size
		}
		bytes += n
		p.printf("\n%s (%s, %s)", printable(db), plural(len(ms), "file"), humanBytes(n))
		if folder != db {
			why := ms[0].FolderReason
			switch {
			case why != "":
			case layout.SafeName(db, false) != db:
				why = "the name is not safe as a path"
			default:
				why = `LRS and DMS to Managed Instance refuse "backup" in folder names`
			}
			p.printf(" -> folder %s (%s)", printable(folder), printable(why))
		}
		p.printf("\n")
		for _, m := range ms {
			conv := ""
			if m.FromType != "" && m.ToType != "" && m.FromType != m.ToType {
				conv = fmt.Sprintf("  [%s -> %s]", m.FromType, m.ToType)
				conversions++
			} else if m.FromType == "" && m.ToType != "" {
				conv = fmt.Sprintf("  [upload as %s]", m.ToType)
			}
			p.printf("  %s -> %s%s\n", printable(m.From), m.To, conv)
		}
	}
	if len(d.InPlace) > 0 {
		p.printf("\nLeft as they are (%d):\n", len(d.InPlace))
		for _, s := range d.InPlace {
			p.printf("  %s: %s\n", printable(s.Path), printable(s.Reason))
		}
	}
	if len(d.Skipped) > 0 {
		p.printf("\nSkipped (%d):\n", len(d.Skipped))
		for _, s := range d.Skipped {
			p.printf("  %s: %s\n", printable(s.Path), printable(s.Reason))
		}
	}
	for _, warn := range d.Warnings {
		p.printf("\nWarning: %s\n", warn)
	}
	verb := "copy"
	if d.DeleteSource {
		verb = "move"
	}
	p.printf("\nTotal: %s to %s (%s, %s) in %s; %d skipped; %d left in place.\n",
		plural(len(d.Moves), "file"), verb, humanBytes(bytes), plural(conversions, "blob type conversion"), plural(len(dbs), "database"), len(d.Skipped), len(d.InPlace))
	if d.DeleteSource {
		p.printf("Sources are deleted after their copies are verified.\n")
	}
	return p.err
}

// printable escapes control characters so a hostile name cannot rewrite
// the terminal.
func printable(s string) string { return layout.Printable(s) }

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, a ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, a...)
	}
}

// plural and humanBytes are layout's, as in every report.
var (
	plural     = layout.Plural
	humanBytes = layout.HumanBytes
)
