package report

import (
	"fmt"
	"io"
	"strings"

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

// RulesTable writes `baklint rules`: every rule with its default severity,
// targets, why it exists and where that is documented.
func RulesTable(w io.Writer, rules []layout.Rule) error {
	rows := [][]string{{"ID", "SEVERITY", "TARGETS", "WHY", "LINK"}}
	for _, r := range rules {
		rows = append(rows, []string{r.ID, r.Severity.String(), targetsText(r), dash(r.Rationale), dash(r.Link)})
	}
	return writeTable(w, rows, nil)
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
