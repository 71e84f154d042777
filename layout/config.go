package layout

import "fmt"

// ParseSeverity reads "error", "warning" or "info".
func ParseSeverity(s string) (Severity, error) {
	switch s {
	case "error":
		return Error, nil
	case "warning":
		return Warning, nil
	case "info":
		return Info, nil
	}
	return Info, fmt.Errorf("unknown severity %q: use error, warning or info", s)
}

// Policy is what a configuration file (SPEC §11) changes about a run:
// rule severities, rules turned off, and paths left out of lint and fix.
// The zero Policy changes nothing.
type Policy struct {
	// Severity overrides a rule's default severity, by rule ID.
	Severity map[string]Severity
	// Off lists rules whose findings are dropped.
	Off map[string]bool
	// Exclude reports whether a path, relative to its container root,
	// is left out; nil excludes nothing.
	Exclude func(path string) bool
}

// FilterInventory removes the excluded files from inv, before Lint and
// the fixer see them, and returns how many it removed. Excluded files are
// not there at all: they count in no folder, database or chain.
func (p Policy) FilterInventory(inv *Inventory) int {
	if p.Exclude == nil {
		return 0
	}
	kept := inv.Files[:0]
	for _, f := range inv.Files {
		if !p.Exclude(f.Path) {
			kept = append(kept, f)
		}
	}
	n := len(inv.Files) - len(kept)
	clear(inv.Files[len(kept):])
	inv.Files = kept
	return n
}

// Apply rewrites res for the policy: findings of rules that are off go,
// the others take their configured severity, and the summary is counted
// again. The order of findings is unchanged.
func (p Policy) Apply(res *Result) {
	if len(p.Severity) == 0 && len(p.Off) == 0 {
		return
	}
	kept := make([]Finding, 0, len(res.Findings))
	for _, f := range res.Findings {
		if p.Off[f.Rule] {
			continue
		}
		if s, ok := p.Severity[f.Rule]; ok {
			f.Severity = s
		}
		kept = append(kept, f)
	}
	res.Findings = kept
	res.Summary = Summarize(kept)
}

// Rules returns rs as the policy leaves them: rules that are off are
// gone and the others carry their configured severity, for the formats
// that describe the rule set (SARIF, HTML).
func (p Policy) Rules(rs []Rule) []Rule {
	out := make([]Rule, 0, len(rs))
	for _, r := range rs {
		if p.Off[r.ID] {
			continue
		}
		if s, ok := p.Severity[r.ID]; ok {
			r.Severity = s
		}
		out = append(out, r)
	}
	return out
}
