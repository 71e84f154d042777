package layout

import (
	"strings"
	"testing"
)

func TestPolicyTurnsRulesOffAndChangesSeverities(t *testing.T) {
	res := &Result{Findings: []Finding{
		{Rule: "nested-folder", Severity: Error, Path: "a/b/c.bak"},
		{Rule: "no-checksum", Severity: Warning, Path: "a/b/c.bak"},
		{Rule: "too-many-files", Severity: Warning, Path: "a/"},
	}}
	p := Policy{Off: map[string]bool{"no-checksum": true}, Severity: map[string]Severity{"too-many-files": Error}}
	p.Apply(res)
	if len(res.Findings) != 2 || res.Findings[0].Rule != "nested-folder" || res.Findings[1].Severity != Error {
		t.Errorf("findings %+v", res.Findings)
	}
	if res.Summary != (Summary{Errors: 2}) {
		t.Errorf("summary %+v, want 2 errors", res.Summary)
	}
	rules := p.Rules([]Rule{{ID: "nested-folder", Severity: Error}, {ID: "no-checksum", Severity: Warning}, {ID: "too-many-files", Severity: Warning}})
	if len(rules) != 2 || rules[1].ID != "too-many-files" || rules[1].Severity != Error {
		t.Errorf("rules %+v", rules)
	}
}

func TestPolicyLeavesExcludedFilesOutOfTheInventory(t *testing.T) {
	inv := &Inventory{Files: []File{{Path: "archive/x.bak"}, {Path: "Sales/s.bak"}, {Path: "archive/old/y.trn"}}}
	p := Policy{Exclude: func(p string) bool { return strings.HasPrefix(p, "archive/") }}
	if n := p.FilterInventory(inv); n != 2 || len(inv.Files) != 1 || inv.Files[0].Path != "Sales/s.bak" {
		t.Errorf("removed %d, left %+v", n, inv.Files)
	}
	if n := (Policy{}).FilterInventory(inv); n != 0 || len(inv.Files) != 1 {
		t.Errorf("the zero policy removed %d", n)
	}
}

func TestParseSeverityKnowsTheThreeLevels(t *testing.T) {
	for s, want := range map[string]Severity{"error": Error, "warning": Warning, "info": Info} {
		if got, err := ParseSeverity(s); err != nil || got != want {
			t.Errorf("ParseSeverity(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseSeverity("off"); err == nil {
		t.Error("off is not a severity")
	}
}
