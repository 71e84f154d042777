package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	olaLayout       = "../../testdata/layouts/ola"
	compliantLayout = "../../testdata/layouts/compliant"
	dbatoolsLayout  = "../../testdata/layouts/dbatools"
)

func TestFlagsWorkBeforeAndAfterTheSource(t *testing.T) {
	before := lintJSON(t, 1, "lint", "--target", "vm-2014", "--format", "json", olaLayout)
	after := lintJSON(t, 1, "lint", olaLayout, "--target", "vm-2014", "--format", "json")
	mixed := lintJSON(t, 1, "lint", "--target=vm-2014", olaLayout, "--format=json")
	for _, r := range []reportJSON{before, after, mixed} {
		if r.Target != "vm-2014" {
			t.Errorf("target %q, want vm-2014: a flag was lost", r.Target)
		}
	}
	if !equalFindings(byRule(before), byRule(after)) || !equalFindings(byRule(before), byRule(mixed)) {
		t.Errorf("flag order changed the findings")
	}
}

func TestRepeatedFormatsWriteEveryReportInOneRun(t *testing.T) {
	dir := t.TempDir()
	jsonOut, sarifOut, htmlOut := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.sarif"), filepath.Join(dir, "r.html")
	code, stdout, stderr := runCLI(t, "lint", olaLayout, "--fail-on", "never",
		"--format", "json", "--output", jsonOut,
		"--format", "sarif", "--output", sarifOut,
		"--format", "html", "--output", htmlOut,
		"--format", "text")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep struct {
		SchemaVersion int `json:"schema_version"`
		Findings      []any
	}
	mustJSON(t, jsonOut, &rep)
	if rep.SchemaVersion != 1 || len(rep.Findings) != 15 {
		t.Errorf("JSON report: schema %d with %d findings, want 1 and 15", rep.SchemaVersion, len(rep.Findings))
	}
	var sarif struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []any `json:"results"`
		} `json:"runs"`
	}
	mustJSON(t, sarifOut, &sarif)
	if sarif.Version != "2.1.0" || len(sarif.Runs) != 1 || len(sarif.Runs[0].Results) != 15 {
		t.Errorf("SARIF: version %q, %d runs; want 2.1.0 with one run of 15 results", sarif.Version, len(sarif.Runs))
	}
	html, err := os.ReadFile(htmlOut)
	if err != nil || !strings.Contains(string(html), "<html") {
		t.Errorf("HTML report missing or not HTML: %v", err)
	}
	if !strings.Contains(stdout, "15 errors") {
		t.Errorf("text report on stdout lacks the summary line: %q", stdout)
	}
}

func TestFailOnSetsTheExitCodeBySeverity(t *testing.T) {
	// dbatools has errors only on vm-2012/2014 (unaligned page blob) plus
	// warnings everywhere (a readme next to the backups).
	cases := []struct {
		layout, target, failOn string
		want                   int
	}{
		{compliantLayout, "vm-2012", "info", 0},
		{olaLayout, "any", "error", 1},
		{olaLayout, "any", "never", 0},
		{dbatoolsLayout, "vm-2022", "error", 1},
		{dbatoolsLayout, "vm-2022", "warning", 1},
	}
	for _, tc := range cases {
		code, _, stderr := runCLI(t, "lint", tc.layout, "--target", tc.target, "--fail-on", tc.failOn, "--format", "json")
		if code != tc.want {
			t.Errorf("lint %s --target %s --fail-on %s: exit %d, want %d (%s)", filepath.Base(tc.layout), tc.target, tc.failOn, code, tc.want, stderr)
		}
	}
	warningsOnly := filepath.Join(t.TempDir(), "warn")
	if err := os.MkdirAll(filepath.Join(warningsOnly, "Sales"), 0o755); err != nil {
		t.Fatal(err)
	}
	copyFile(t, filepath.Join(compliantLayout, "Sales"), filepath.Join(warningsOnly, "Sales"))
	if err := os.WriteFile(filepath.Join(warningsOnly, "Sales", "notes.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for failOn, want := range map[string]int{"error": 0, "warning": 1, "info": 1} {
		code, _, stderr := runCLI(t, "lint", warningsOnly, "--fail-on", failOn, "--format", "json")
		if code != want {
			t.Errorf("warnings only, --fail-on %s: exit %d, want %d (%s)", failOn, code, want, stderr)
		}
	}
}

func TestBadInputWritesNoOutputFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.json")
	code, _, _ := runCLI(t, "lint", olaLayout, "--target", "vm-2008", "--format", "json", "--output", out)
	if code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a report was written despite bad input: %v", err)
	}
}

func TestScanJSONListsEveryFileWithItsHeader(t *testing.T) {
	code, stdout, stderr := runCLI(t, "scan", olaLayout, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var inv struct {
		SchemaVersion int `json:"schema_version"`
		Files         []struct {
			Path         string          `json:"path"`
			Database     string          `json:"database"`
			AttributedBy string          `json:"attributed_by"`
			Header       json.RawMessage `json:"header"`
		} `json:"files"`
	}
	if err := json.Unmarshal([]byte(stdout), &inv); err != nil {
		t.Fatal(err)
	}
	if inv.SchemaVersion != 1 || len(inv.Files) != 15 {
		t.Fatalf("inventory: schema %d, %d files; want 1 and 15", inv.SchemaVersion, len(inv.Files))
	}
	for _, f := range inv.Files {
		if f.AttributedBy != "header" || len(f.Header) == 0 || !strings.Contains(f.Path, "/"+f.Database+"/") {
			t.Errorf("%s: database %q by %q, header %d bytes", f.Path, f.Database, f.AttributedBy, len(f.Header))
		}
	}
	code, stdout, _ = runCLI(t, "scan", olaLayout, "--format", "json", "--no-headers")
	if code != 0 || strings.Contains(stdout, `"header"`) || !strings.Contains(stdout, `"attributed_by": "name"`) {
		t.Errorf("--no-headers still read headers or attributed by something else than names (exit %d)", code)
	}
}

func TestRulesListsEveryRuleOfTheSpec(t *testing.T) {
	code, stdout, _ := runCLI(t, "rules")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, id := range []string{"nested-folder", "mixed-databases", "page-blob-required", "page-blob-unaligned", "archived-blob",
		"version-too-new", "reserved-keyword", "missing-full-backup", "log-chain-gap", "incomplete-stripe-set", "striped-log-backup",
		"empty-backup", "unattributed-backup", "unreadable-header", "non-backup-file", "no-checksum", "too-many-files", "case-collision"} {
		if !strings.Contains(stdout, id) {
			t.Errorf("baklint rules does not list %s", id)
		}
	}
}

func mustJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// copyFile copies every file of folder src into folder dst.
func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
