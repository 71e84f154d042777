package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/baklint/baklint/blobscan"
)

// inFolderWithConfig runs the test from a fresh folder holding baklint.yaml
// (none when yaml is ""), and returns the Ola layout as an absolute path.
func inFolderWithConfig(t *testing.T, yaml string) string {
	t.Helper()
	dir := t.TempDir()
	if yaml != "" {
		if err := os.WriteFile(filepath.Join(dir, "baklint.yaml"), []byte(yaml), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	return olaAbs
}

// olaAbs is taken when the package loads, before any test changes folder.
var olaAbs, _ = filepath.Abs(olaLayout)

func severities(r reportJSON, rule string) map[string]int {
	m := map[string]int{}
	for _, f := range r.Findings {
		if f.Rule == rule {
			m[f.Severity]++
		}
	}
	return m
}

func TestSettingsComeFromTheFlagThenTheFileThenTheDefault(t *testing.T) {
	const yaml = "target: mi\nfail-on: never\nrules:\n  nested-folder: warning\n"

	// Default: no file. Ola's 15 nested folders are errors, and fail the run.
	ola := inFolderWithConfig(t, "")
	r := lintJSON(t, 1, "lint", ola, "--format", "json")
	if r.Target != "any" || severities(r, "nested-folder")["error"] != 15 {
		t.Errorf("defaults: target %q, nested-folder %v", r.Target, severities(r, "nested-folder"))
	}

	// File: target mi, never fail, nested-folder a warning.
	ola = inFolderWithConfig(t, yaml)
	r = lintJSON(t, 0, "lint", ola, "--format", "json")
	if r.Target != "mi" || severities(r, "nested-folder")["warning"] != 15 || r.Summary.Warnings < 15 {
		t.Errorf("file: target %q, nested-folder %v, summary %+v", r.Target, severities(r, "nested-folder"), r.Summary)
	}

	// Flags win over the file.
	r = lintJSON(t, 1, "lint", ola, "--format", "json", "--target", "lrs", "--fail-on", "warning")
	if r.Target != "lrs" {
		t.Errorf("flag: target %q, want lrs", r.Target)
	}
	code, out, stderr := runCLI(t, "lint", "--print-config", "--target", "lrs")
	if code != 0 {
		t.Fatalf("print-config: exit %d, %s", code, stderr)
	}
	for _, want := range [][]string{
		{"config file:", "baklint.yaml"},
		{"target:", "lrs", "(--target flag)"},
		{"fail-on:", "never", "(baklint.yaml:2)"},
		{"exclude:", "nothing", "(default)"},
		{"nested-folder:", "warning", "(baklint.yaml:4)"},
		{"no-checksum:", "warning", "(default)"},
	} {
		if got := lineWith(out, want[0]); strings.Join(strings.Fields(got), " ") != strings.Join(want, " ") {
			t.Errorf("print-config line %q, want %q:\n%s", got, want, out)
		}
	}
}

// lineWith returns the first line of out that starts, after indentation,
// with prefix.
func lineWith(out, prefix string) string {
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), prefix) {
			return l
		}
	}
	return ""
}

func TestARuleTurnedOffAndExcludedPathsLeaveLintAndFix(t *testing.T) {
	ola := inFolderWithConfig(t, "rules:\n  nested-folder: off\nexclude:\n  - \"SQL01$PROD/HR/**\"\n")
	r := lintJSON(t, 0, "lint", ola, "--format", "json")
	if len(severities(r, "nested-folder")) != 0 {
		t.Errorf("nested-folder is off but reported: %v", severities(r, "nested-folder"))
	}
	if r.Inventory.Files != 10 {
		t.Errorf("%d files linted, want 10 (5 of HR excluded)", r.Inventory.Files)
	}
	code, stdout, stderr := runCLI(t, "fix", ola, "--dest", filepath.Join(t.TempDir(), "flat"), "--format", "json")
	if code != 0 || strings.Contains(stdout, "/HR/") || !strings.Contains(stdout, "/Sales/") {
		t.Errorf("fix plan (exit %d, %s) should move Sales and leave the excluded HR alone:\n%s", code, stderr, stdout)
	}
	if !strings.Contains(stderr, "5 files left out by the exclude patterns") {
		t.Errorf("no note on what was excluded: %q", stderr)
	}
}

func TestConfigFlagNamesAFileElsewhere(t *testing.T) {
	ola := inFolderWithConfig(t, "target: lrs\n")
	other := filepath.Join(t.TempDir(), "team.yaml")
	if err := os.WriteFile(other, []byte("target: vm-2019\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := lintJSON(t, 1, "lint", ola, "--format", "json", "--config", other); r.Target != "vm-2019" {
		t.Errorf("--config: target %q, want vm-2019", r.Target)
	}
	if code, _, stderr := runCLI(t, "lint", ola, "--config", other+".missing"); code != 2 || !strings.Contains(stderr, "does not exist") {
		t.Errorf("missing --config: exit %d, %q", code, stderr)
	}
}

func TestABadConfigFileIsExitTwoWithOneLineNamingTheLine(t *testing.T) {
	cases := []struct{ name, yaml, want string }{
		{"unknown key", "target: mi\nfailon: never\n", `baklint.yaml:2: unknown key "failon"`},
		{"unknown rule", "rules:\n  nested-folders: off\n", `baklint.yaml:2: unknown rule "nested-folders"`},
		{"bad severity", "rules:\n  nested-folder: fatal\n", `baklint.yaml:2: unknown severity "fatal"`},
		{"bad YAML", "target: mi\n  fail-on: never\n", "baklint.yaml:2: not valid YAML"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ola := inFolderWithConfig(t, c.yaml)
			for _, args := range [][]string{{"lint", ola}, {"lint", "--print-config"}, {"fix", ola, "--dest", t.TempDir()}} {
				code, stdout, stderr := runCLI(t, args...)
				if code != 2 || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 || stdout != "" {
					t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and one line with %q", args, code, stdout, stderr, c.want)
				}
			}
		})
	}
}

// readCounter counts the range reads of the Reader it wraps, by path.
type readCounter struct {
	blobscan.Reader
	mu    *sync.Mutex
	reads map[string]int
}

func (r readCounter) ReadRange(ctx context.Context, p string, off, n int64) ([]byte, error) {
	r.mu.Lock()
	r.reads[p]++
	r.mu.Unlock()
	return r.Reader.ReadRange(ctx, p, off, n)
}

func TestExcludedBackupsAreNeverReadAndLintSaysWhatItSaidWhenTheyWere(t *testing.T) {
	ola := inFolderWithConfig(t, "exclude:\n  - \"SQL01$PROD/HR/**\"\n")
	real := scanListing
	t.Cleanup(func() { scanListing = real })
	// lint runs the CLI with every reader counted; without skip, the scan
	// is handed no exclude matcher, as before excludes reached the scan.
	lint := func(skip bool) (map[string]int, string) {
		var mu sync.Mutex
		reads := map[string]int{}
		scanListing = func(ctx context.Context, rs []blobscan.Reader, opts blobscan.ScanOptions) (*blobscan.Listing, error) {
			counted := make([]blobscan.Reader, len(rs))
			for i, r := range rs {
				counted[i] = readCounter{r, &mu, reads}
			}
			if !skip {
				opts.Skip = nil
			}
			return real(ctx, counted, opts)
		}
		code, stdout, stderr := runCLI(t, "lint", ola, "--format", "json")
		return reads, fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	readsBefore, before := lint(false)
	reads, after := lint(true)
	hr := func(reads map[string]int) (n int) {
		for p, k := range reads {
			if strings.HasPrefix(p, "SQL01$PROD/HR/") {
				n += k
			}
		}
		return n
	}
	if hr(readsBefore) == 0 {
		t.Fatalf("without the matcher the scan read no HR file, so this test sees no reads: %v", readsBefore)
	}
	if n := hr(reads); n != 0 {
		t.Errorf("the excluded HR backups got %d range reads, want none: %v", n, reads)
	}
	if len(reads) == 0 {
		t.Errorf("no file read at all: the backups that are not excluded must still be")
	}
	if after != before {
		t.Errorf("lint output changed when excluded files went unread:\nbefore: %s\nafter:  %s", before, after)
	}
}
