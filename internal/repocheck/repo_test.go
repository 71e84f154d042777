package repocheck

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// A compiled binary was committed twice (cmd/baklint/baklint, then
// bench/bench): go build inside a package folder writes one there. No
// tracked file may be an executable of any platform.
func TestNoCompiledBinaryIsCommitted(t *testing.T) {
	out, err := exec.Command("git", "-C", "../..", "ls-files", "-z").Output()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("git ls-files: %v", err)
		}
		t.Skipf("not a git checkout: %v", err)
	}
	magics := map[string][]byte{
		"ELF":              []byte("\x7fELF"),
		"Mach-O":           {0xcf, 0xfa, 0xed, 0xfe},
		"PE":               []byte("MZ\x90\x00"),
		"Mach-O universal": {0xca, 0xfe, 0xba, 0xbe},
	}
	files := bytes.Split(bytes.TrimSuffix(out, []byte{0}), []byte{0})
	if len(files) < 100 {
		t.Fatalf("git lists %d files: not this repository", len(files))
	}
	for _, name := range files {
		f, err := os.Open(filepath.Join("../..", string(name)))
		if err != nil {
			continue // deleted in the work tree
		}
		head := make([]byte, 4)
		n, _ := f.Read(head)
		f.Close()
		for kind, m := range magics {
			if n == 4 && bytes.Equal(head, m) {
				t.Errorf("%s is a committed %s binary: git rm --cached it and ignore it", name, kind)
			}
		}
	}
}
