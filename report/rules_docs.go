package report

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/baklint/baklint/layout"
)

func metaRules(meta Meta) []layout.Rule {
	if meta.Rules != nil {
		return meta.Rules
	}
	return layout.Rules()
}

// ruleDocs is the rule set the formats describe.
func ruleDocs(meta Meta) []ruleDoc {
	var out []ruleDoc
	for _, r := range metaRules(meta) {
		out = append(out, ruleDoc{ID: r.ID, Severity: r.Severity, Targets: r.Targets, Rationale: r.Rationale, Link: r.Link})
	}
	return out
}

func ruleLinks(meta Meta) map[string]string {
	links := map[string]string{}
	for _, r := range metaRules(meta) {
		links[r.ID] = r.Link
	}
	return links
}

func targetsText(r layout.Rule) string {
	if len(r.Targets) == 0 {
		return "all"
	}
	return strings.Join(r.Targets, ", ")
}

// RulesWidth is the width `baklint rules` wraps its text to.
const RulesWidth = 80

// RulesTable writes `baklint rules`: one block per rule, its ID, default
// severity and targets on the first line, then why it exists and where that
// is documented, wrapped to RulesWidth columns (a link longer than that
// stays whole on its own line, so it can still be clicked or copied).
func RulesTable(w io.Writer, rules []layout.Rule) error {
	var b strings.Builder
	for i, r := range rules {
		if i > 0 {
			b.WriteByte('\n')
		}
		head := fmt.Sprintf("%s  %s", printable(r.ID), r.Severity)
		b.WriteString(head + "\n")
		for _, line := range wrap("targets: "+targetsText(r), RulesWidth-4) {
			b.WriteString("    " + line + "\n")
		}
		for _, line := range wrap(printable(r.Rationale), RulesWidth-4) {
			b.WriteString("    " + line + "\n")
		}
		if r.Link != "" {
			b.WriteString("    " + printable(r.Link) + "\n")
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("writing rules: %w", err)
	}
	return nil
}

// wrap breaks s into lines of at most width runes at spaces; a word longer
// than width gets a line of its own.
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
			line = word
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

type jsonRule struct {
	ID       string `json:"id"`
	Severity string `json:"severity"`
	// Targets is empty when the rule applies to every target.
	Targets    []string `json:"targets"`
	AllTargets bool     `json:"all_targets"`
	Rationale  string   `json:"rationale"`
	Link       string   `json:"link"`
}

// RulesJSON writes `baklint rules --format json`: every rule with the same
// fields as the text, targets as a list.
func RulesJSON(w io.Writer, rules []layout.Rule) error {
	doc := struct {
		SchemaVersion int        `json:"schema_version"`
		Rules         []jsonRule `json:"rules"`
	}{SchemaVersion: SchemaVersion, Rules: []jsonRule{}}
	for _, r := range rules {
		targets := r.Targets
		if targets == nil {
			targets = []string{}
		}
		doc.Rules = append(doc.Rules, jsonRule{ID: r.ID, Severity: r.Severity.String(), Targets: targets,
			AllTargets: len(r.Targets) == 0, Rationale: r.Rationale, Link: r.Link})
	}
	return writeJSON(w, doc)
}

// RulesMarkdown writes docs/rules.md: an index table, then one section per
// rule so each ID has an anchor that SARIF viewers and people can link to.
func RulesMarkdown(w io.Writer, rules []layout.Rule) error {
	var b strings.Builder
	b.WriteString("# baklint rules\n\n")
	b.WriteString("<!-- Generated from layout.Rules() by `go test ./report -update`; do not edit by hand. -->\n\n")
	b.WriteString("Every rule has a stable ID that is never reused or renamed. `baklint rules` prints the same list; ")
	b.WriteString("`--fail-on` compares findings against the severities below.\n\n")
	b.WriteString("| ID | Severity | Targets | Why |\n|---|---|---|---|\n")
	for _, r := range rules {
		fmt.Fprintf(&b, "| [`%s`](#%s) | %s | %s | %s |\n", r.ID, r.ID, r.Severity, mdCell(targetsText(r)), mdCell(r.Rationale))
	}
	for _, r := range rules {
		fmt.Fprintf(&b, "\n## %s\n\n", r.ID)
		fmt.Fprintf(&b, "- Default severity: %s\n", r.Severity)
		fmt.Fprintf(&b, "- Targets: %s\n", targetsText(r))
		if r.Link != "" {
			fmt.Fprintf(&b, "- Documentation: <%s>\n", r.Link)
		}
		if r.Rationale != "" {
			fmt.Fprintf(&b, "\n%s\n", r.Rationale)
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("writing rules: %w", err)
	}
	return nil
}

// mdCell keeps a value inside its table cell.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", " ")
}
