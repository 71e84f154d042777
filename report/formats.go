package report

import (
	"fmt"
	"io"
	"iter"

	"github.com/baklint/baklint/fix"
	"github.com/baklint/baklint/layout"
)

// Job is what a format renders from. A command fills the part its formats
// read: lint a Result (and the Inventory behind it), scan a listing.
type Job struct {
	Result *layout.Result
	Meta   Meta
	// Plan, when given, adds a saved fix plan to the HTML report.
	Plan *PlanSummary
	// Color asks for ANSI colours (only ever for a terminal).
	Color bool

	// Inventory returns the scan's inventory, built at most once by the
	// caller. Scan's JSON does not call it: a million files stream from
	// Files instead of becoming a million layout.Files at once.
	Inventory func() *layout.Inventory
	// Source and Files are the scan's listing, sorted by container, then
	// path, as layout.AttributedFiles yields it.
	Source string
	Files  iter.Seq[layout.File]

	// Rules is what the rules command lists.
	Rules []layout.Rule
	// FixPlan is a dry run's plan; FixSummary, when set, an apply's
	// outcome, which is rendered instead.
	FixPlan    *fix.PlanDoc
	FixSummary *fix.Summary
}

// Format is one --format: its name, the commands that offer it, and how it
// renders. The CLI validates --format and writes its help from these.
type Format struct {
	Name    string
	Command string // "lint", "scan", "fix" or "rules"
	Render  func(w io.Writer, j Job) error
	// MoveLog, for fix, makes the log an apply writes as it goes, one
	// line per fix.Event in this format.
	MoveLog func(w io.Writer) func(fix.Event)
}

// formats is every format, the default of each command first. Like
// tflint's formatter registry, adding a format is one entry here.
var formats = []Format{
	{Name: "text", Command: "lint", Render: func(w io.Writer, j Job) error {
		return Text(w, j.Result, TextOptions{Window: j.Meta.Window, Color: j.Color})
	}},
	{Name: "json", Command: "lint", Render: func(w io.Writer, j Job) error { return JSON(w, j.Result, j.Meta) }},
	{Name: "sarif", Command: "lint", Render: func(w io.Writer, j Job) error { return SARIF(w, j.Result, j.Meta) }},
	{Name: "html", Command: "lint", Render: func(w io.Writer, j Job) error {
		return HTML(w, j.Result, HTMLOptions{Meta: j.Meta, Inventory: inventoryOf(j), Plan: j.Plan})
	}},
	{Name: "table", Command: "scan", Render: func(w io.Writer, j Job) error { return InventoryTable(w, j.Inventory()) }},
	{Name: "json", Command: "scan", Render: func(w io.Writer, j Job) error { return InventoryJSONFrom(w, j.Source, j.Files) }},
	{Name: "text", Command: "fix", Render: fixText, MoveLog: MoveLogText},
	{Name: "json", Command: "fix", Render: fixJSON, MoveLog: MoveLogJSON},
	{Name: "text", Command: "rules", Render: func(w io.Writer, j Job) error { return RulesTable(w, j.Rules) }},
	{Name: "json", Command: "rules", Render: func(w io.Writer, j Job) error { return RulesJSON(w, j.Rules) }},
}

func inventoryOf(j Job) *layout.Inventory {
	if j.Inventory == nil {
		return nil
	}
	return j.Inventory()
}

// FormatNames lists the formats of a command, its default first.
func FormatNames(command string) []string {
	var names []string
	for _, f := range formats {
		if f.Command == command {
			names = append(names, f.Name)
		}
	}
	return names
}

// FormatUsage is the help text of a command's --format: "table or json".
func FormatUsage(command string) string { return layout.JoinOr(FormatNames(command)) }

// LookupFormat returns a command's format by name; the error lists the
// names there are.
func LookupFormat(command, name string) (Format, error) {
	for _, f := range formats {
		if f.Command == command && f.Name == name {
			return f, nil
		}
	}
	return Format{}, fmt.Errorf("unknown --format %q: use %s", name, FormatUsage(command))
}
