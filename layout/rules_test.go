package layout

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

// specRules is the rule table of SPEC §4, plus multiple-backup-sets and
// database-split-across-folders, with
// default severities and targets (nil: all).
// The target groups of SPEC §4, spelled out so that a change to the target
// table that moves a rule is seen here.
var (
	specMI  = []string{"mi", "mi-2025", "mi-aut", "lrs", "lrs-2025", "lrs-aut"}
	specVM  = []string{"vm-2012", "vm-2014", "vm-2016", "vm-2017", "vm-2019", "vm-2022", "vm-2025"}
	specVer = append(slices.Clone(specVM), specMI...)
)

var specRules = map[string]struct {
	severity Severity
	targets  []string
}{
	"nested-folder":         {Error, nil},
	"mixed-databases":       {Error, nil},
	"page-blob-required":    {Error, []string{"vm-2012", "vm-2014"}},
	"page-blob-unaligned":   {Error, []string{"vm-2012", "vm-2014"}},
	"archived-blob":         {Error, nil},
	"version-too-new":       {Error, specVer},
	"reserved-keyword":      {Error, specMI},
	"missing-full-backup":   {Error, nil},
	"log-chain-gap":         {Error, nil},
	"incomplete-stripe-set": {Error, nil},
	"striped-log-backup":    {Error, specMI},
	"empty-backup":          {Error, nil},
	"unattributed-backup":   {Warning, nil},
	"unreadable-header":     {Warning, nil},
	"non-backup-file":       {Warning, nil},
	"no-checksum":           {Warning, nil},
	"too-many-files":        {Warning, specMI},
	"case-collision":        {Warning, nil},
	"multiple-backup-sets":  {Error, nil},
	// Added after a review: one database in two first-level folders.
	"database-split-across-folders": {Error, nil},
	"truncated-backup":              {Error, nil},
	"database-name-clash":           {Warning, nil},
	"backup-extension":              {Warning, specMI},
	// Issue 10: what the file list of a backup shows.
	"multiple-log-files":      {Error, specMI},
	"filestream-data":         {Error, specMI},
	"multiple-xtp-containers": {Error, specMI},
	"memory-optimized-data":   {Warning, specMI},
	"too-many-database-files": {Warning, specMI},
	"physical-file-collision": {Error, specVM},
	"unsupported-compression": {Error, nil},
}

func TestRulesHaveIDSeverityRationaleAndLink(t *testing.T) {
	rules := Rules()
	if len(rules) != len(specRules) {
		t.Errorf("%d rules registered, SPEC §4 lists %d", len(rules), len(specRules))
	}
	if !slices.IsSortedFunc(rules, func(a, b Rule) int { return strings.Compare(a.ID, b.ID) }) {
		t.Error("Rules() is not sorted by ID")
	}
	seen := map[string]bool{}
	for _, r := range rules {
		if seen[r.ID] {
			t.Errorf("rule ID %s registered twice", r.ID)
		}
		seen[r.ID] = true
		if !kebab.MatchString(r.ID) {
			t.Errorf("rule ID %q is not kebab-case", r.ID)
		}
		spec, ok := specRules[r.ID]
		if !ok {
			t.Errorf("rule %s is not in SPEC §4", r.ID)
			continue
		}
		if r.Severity != spec.severity {
			t.Errorf("%s: severity %v, SPEC says %v", r.ID, r.Severity, spec.severity)
		}
		if !slices.Equal(sortedCopy(r.Targets), sortedCopy(spec.targets)) {
			t.Errorf("%s: targets %v, SPEC says %v", r.ID, r.Targets, spec.targets)
		}
		for _, name := range r.Targets {
			if _, err := LookupTarget(name); err != nil {
				t.Errorf("%s: target %q does not exist", r.ID, name)
			}
		}
		if r.Rationale == "" || strings.ContainsAny(r.Rationale, "\n\r") {
			t.Errorf("%s: rationale %q must be one non-empty line", r.ID, r.Rationale)
		}
		if u, err := url.Parse(r.Link); err != nil || u.Scheme != "https" || u.Host == "" {
			t.Errorf("%s: link %q is not an https URL", r.ID, r.Link)
		}
		if r.Check == nil {
			t.Errorf("%s has no Check", r.ID)
		}
	}
}

func TestAnyTargetRunsOnlyTheRulesCommonToAllTargets(t *testing.T) {
	anyT := mustTarget(t, "any")
	for _, r := range Rules() {
		if got, want := r.AppliesTo(anyT), r.Targets == nil; got != want {
			t.Errorf("%s applies to any: %v, want %v", r.ID, got, want)
		}
	}
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}
