package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestApplyWithFormatJSONLogsEachMoveAsAJSONLine(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "dest")
	if err := os.Mkdir(dest, 0o755); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "fix", olaLayout, "--dest", dest, "--target", "vm-2019", "--apply", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	copied := 0
	for _, l := range lines {
		var ev struct{ Time, Event, From, To string }
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Fatalf("stderr line is not JSON: %q", l)
		}
		if ev.Event == "copied" && ev.From != "" && strings.Count(ev.To, "/") == 1 && ev.Time != "" {
			copied++
		}
	}
	if copied != 15 {
		t.Errorf("%d copied events with from and to, want 15:\n%s", copied, stderr)
	}
}

func TestQuietLeavesOnlyTheResultAndErrors(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "dest")
	if err := os.Mkdir(dest, 0o755); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "fix", olaLayout, "--dest", dest, "--target", "vm-2019", "--apply", "--quiet", "--no-headers")
	if code != 0 || stderr != "" || !strings.Contains(stdout, "15 copied") {
		t.Errorf("fix --quiet: exit %d, stdout %q, stderr %q; want the summary alone", code, stdout, stderr)
	}
	code, _, stderr = runCLI(t, "lint", t.TempDir(), "-q")
	if code != 0 || stderr != "" {
		t.Errorf("lint -q of an empty folder: exit %d, stderr %q; want no note", code, stderr)
	}
	code, _, stderr = runCLI(t, "lint", "--quiet", filepath.Join(t.TempDir(), "nope"))
	if code != 2 || stderr == "" {
		t.Errorf("lint --quiet of a missing folder: exit %d, stderr %q; errors still print", code, stderr)
	}
}
