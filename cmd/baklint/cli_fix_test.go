package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAPlanMadeWithRelativePathsAppliesFromAnotherDirectory(t *testing.T) {
	src, err := filepath.Abs(olaLayout)
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	if err := os.Mkdir(filepath.Join(work, "dest"), 0o755); err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(work, src)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(work)
	code, _, stderr := runCLI(t, "fix", rel, "--dest", "dest", "--target", "vm-2019", "--plan", "plan.json")
	if code != 0 {
		t.Fatalf("plan: exit %d: %s", code, stderr)
	}
	var plan struct {
		Source, Dest string
		Moves        []struct{ To string }
	}
	mustJSON(t, "plan.json", &plan)
	if !filepath.IsAbs(plan.Source) || !filepath.IsAbs(plan.Dest) || len(plan.Moves) != 15 {
		t.Fatalf("plan source %q dest %q with %d moves; want absolute paths and 15 moves", plan.Source, plan.Dest, len(plan.Moves))
	}

	t.Chdir(t.TempDir())
	planFile := filepath.Join(work, "plan.json")
	code, stdout, stderr := runCLI(t, "fix", "--apply", "--plan", planFile)
	if code != 0 || !strings.Contains(stdout, "15 copied") {
		t.Fatalf("apply from elsewhere: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	for _, m := range plan.Moves {
		if _, err := os.Stat(filepath.Join(work, "dest", filepath.FromSlash(m.To))); err != nil {
			t.Errorf("planned destination %s missing: %v", m.To, err)
		}
	}
}

func TestRerunningThePlanAndApplyCommandResumesTheSavedPlan(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "dest")
	if err := os.Mkdir(dest, 0o755); err != nil {
		t.Fatal(err)
	}
	planFile := filepath.Join(dir, "plan.json")
	args := []string{"fix", olaLayout, "--dest", dest, "--plan", planFile, "--apply", "--format", "json"}
	code, stdout, stderr := runCLI(t, args...)
	if code != 0 {
		t.Fatalf("first run: exit %d: %s", code, stderr)
	}
	before, err := os.ReadFile(planFile)
	if err != nil {
		t.Fatal(err)
	}
	var first struct{ Moved int }
	if err := json.Unmarshal([]byte(stdout), &first); err != nil || first.Moved != 15 {
		t.Fatalf("first run summary %q (%v), want 15 moved", stdout, err)
	}
	code, stdout, stderr = runCLI(t, args...)
	var second struct{ Moved, Done int }
	if err := json.Unmarshal([]byte(stdout), &second); code != 0 || err != nil || second.Moved != 0 || second.Done != 15 {
		t.Fatalf("second run: exit %d, summary %q, stderr %q; want 0 moved and 15 done", code, stdout, stderr)
	}
	after, err := os.ReadFile(planFile)
	if err != nil {
		t.Fatal(err)
	}
	if string(before) != string(after) {
		t.Errorf("the second run rewrote the reviewed plan")
	}
}

func TestApplyingAPlanToAnotherDestinationIsRefused(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"dest", "other"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	planFile := filepath.Join(dir, "plan.json")
	if code, _, stderr := runCLI(t, "fix", olaLayout, "--dest", filepath.Join(dir, "dest"), "--plan", planFile); code != 0 {
		t.Fatalf("plan: exit %d: %s", code, stderr)
	}
	code, _, stderr := runCLI(t, "fix", "--apply", "--plan", planFile, "--dest", filepath.Join(dir, "other"))
	if code != 2 || !strings.Contains(stderr, "does not match the plan") {
		t.Fatalf("exit %d, stderr %q; want 2 and a mismatch message", code, stderr)
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "other")); len(entries) != 0 {
		t.Errorf("the refused apply wrote %d entries", len(entries))
	}
}

func TestNoHeadersSaysWhatWasNotChecked(t *testing.T) {
	code, _, stderr := runCLI(t, "lint", "../../testdata/layouts/chains", "--no-headers", "--format", "json", "--fail-on", "never")
	if code != 0 || !strings.Contains(stderr, "--no-headers") || !strings.Contains(stderr, "not checked") {
		t.Errorf("exit %d, stderr %q: want a note on what --no-headers skipped", code, stderr)
	}
}

func TestAnEmptySourceSaysNothingWasFound(t *testing.T) {
	code, _, stderr := runCLI(t, "lint", t.TempDir())
	if code != 0 || !strings.Contains(stderr, "no files found") {
		t.Errorf("exit %d, stderr %q: want exit 0 and a note that nothing was found", code, stderr)
	}
}

func TestADryRunPlansIntoALocalFolderThatDoesNotExistYet(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "staging", "flat")
	code, stdout, stderr := runCLI(t, "fix", olaLayout, "--dest", dest)
	if code != 0 || !strings.Contains(stdout, "15 files to copy") {
		t.Fatalf("dry run: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Errorf("the dry run created %s: %v", dest, err)
	}
	code, _, stderr = runCLI(t, "fix", olaLayout, "--dest", dest, "--apply")
	if code != 2 || !strings.Contains(stderr, "does not exist") {
		t.Errorf("apply into a missing folder: exit %d, stderr %q; want 2 and a clear line", code, stderr)
	}
}
