//go:build unix

package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestOutputFilesHonourTheUmask(t *testing.T) {
	for _, tc := range []struct {
		umask int
		want  os.FileMode
	}{{0o022, 0o644}, {0o002, 0o664}, {0o077, 0o600}} {
		out := filepath.Join(t.TempDir(), "r.json")
		old := syscall.Umask(tc.umask)
		code, _, stderr := runCLI(t, "lint", olaLayout, "--fail-on", "never", "--format", "json", "--output", out)
		syscall.Umask(old)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		fi, err := os.Stat(out)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != tc.want {
			t.Errorf("umask %03o: report written %03o, want %03o", tc.umask, got, tc.want)
		}
		if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".r.json.*")); len(left) > 0 {
			t.Errorf("temporary files left behind: %v", left)
		}
	}
}
