package report

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"

	"github.com/baklint/baklint/fix"
	"github.com/baklint/baklint/layout"
)

// The fix command's output: the plan of a dry run, the summary of an
// apply, for a person (text) or a program (JSON). The plan's JSON is the
// saved plan itself (fix.WritePlan), so that what is printed can be
// applied.

// fixText renders a fix job for a person: the summary of an apply, or the
// plan of a dry run and then what the destination already holds.
func fixText(w io.Writer, j Job) error {
	if j.FixSummary != nil {
		return fixSummaryText(w, j.FixSummary)
	}
	if err := fixPlanText(w, j.FixPlan); err != nil {
		return err
	}
	return fixDestText(w, j.FixPlan)
}

// fixJSON renders a fix job for a program.
func fixJSON(w io.Writer, j Job) error {
	if j.FixSummary != nil {
		return fixSummaryJSON(w, j.FixSummary)
	}
	return fix.WritePlan(w, j.FixPlan)
}

// moveFolder is the database folder a move lands in.
func moveFolder(m fix.Move) string {
	if m.Folder != "" {
		return m.Folder
	}
	return m.Database
}

// fixPlanText writes the plan for a DBA: per database what goes where, which
// copies convert the blob type, what is left alone and why, and totals.
func fixPlanText(w io.Writer, d *fix.PlanDoc) error {
	p := &errWriter{w: w}
	p.printf("Plan: %s -> %s (target %s)\n", d.Source, d.Dest, d.Target)
	// Grouped by destination folder: two databases that share a name
	// have a folder each.
	byDB := map[string][]fix.Move{}
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

// fixDestText writes what the destination holds, after the plan:
// the counts, and each conflict with what to do.
func fixDestText(w io.Writer, d *fix.PlanDoc) error {
	p := &errWriter{w: w}
	n := map[string]int{}
	for _, m := range d.Moves {
		n[m.Dest]++
	}
	if len(d.Moves) == 0 || n[""] == len(d.Moves) {
		return nil
	}
	p.printf("Destination: %d new, %d already there with identical content (nothing to copy), %s (different content: never overwritten, skipped).\n",
		n[fix.DestNew], n[fix.DestDone], plural(n[fix.DestConflict], "conflict"))
	for _, m := range d.Moves {
		if m.Dest == fix.DestConflict {
			p.printf("  conflict: %s already holds other content than %s: move it away or plan into another prefix\n", m.To, printable(m.From))
		}
	}
	return p.err
}

// fixSummaryJSON writes the outcome of an apply as JSON.
func fixSummaryJSON(w io.Writer, s *fix.Summary) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}

// fixSummaryText writes the outcome of an apply for a person.
func fixSummaryText(w io.Writer, s *fix.Summary) error {
	p := &errWriter{w: w}
	for _, pr := range s.Problems {
		p.printf("not done: %s: %s\n", printable(pr.Path), printable(pr.Reason))
	}
	if s.Streamed {
		p.printf("note: Put Page From URL is not supported or failed at the service; conversions streamed through this machine\n")
	}
	if s.NotSelected > 0 {
		p.printf("%d moves of other databases not selected, left untouched\n", s.NotSelected)
	}
	p.printf("%d copied, %d converted, %d already done, %d skipped, %d failed, %d left out by the plan; %d sources deleted; %s written\n",
		s.Moved, s.Converted, s.Done, s.Skipped, s.Failed, s.PlanSkipped, s.Deleted, humanBytes(s.Bytes))
	return p.err
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, a ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, a...)
	}
}
