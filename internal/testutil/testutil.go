// Package testutil holds the helpers that several packages' tests share:
// golden files, copies of the shared sample backups, and the rule that a
// missing sample fails in CI and skips elsewhere.
package testutil

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/baklint/baklint/blobscan"
)

// Golden compares got with the file at path, or writes it there first when
// update is set (each package's -update flag). The message names the
// package's own update command.
func Golden(t testing.TB, path string, got []byte, update bool, rerun string) {
	t.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run %s to create it)", err, rerun)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run %s if the change is intended):\n%s", path, rerun, got)
	}
}

// SharedData returns path, skipping the test when the shared samples are
// absent here and failing it in CI, where a skip would hide an untested
// change.
func SharedData(t testing.TB, path string) string {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared test data %s is missing in CI: %v", path, err)
		}
		t.Skipf("shared test data %s is absent", path)
	}
	return path
}

// CopyFile copies one file.
func CopyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// CopyTree copies a folder, so a test may change the copy.
func CopyTree(t testing.TB, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		return CopyFile(p, dst)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// WriteTree writes files, by slash-separated path, under dir.
func WriteTree(t testing.TB, dir string, files map[string][]byte) {
	t.Helper()
	for name, data := range files {
		if err := WriteFile(dir, name, data); err != nil {
			t.Fatal(err)
		}
	}
}

// WriteFile writes one file, by slash-separated path, under dir, making its
// folders. It returns the error rather than failing a test: a store's
// upload function is called from goroutines of its own, where t.Fatal
// must not be.
func WriteFile(dir, name string, data []byte) error {
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// ListTree names every file under root by its slash-separated path
// relative to root, in lexical order.
func ListTree(t testing.TB, root string) []string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(root, p)
		names = append(names, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// ReadTree reads every file under root, by slash-separated path relative
// to it: the inverse of WriteTree.
func ReadTree(t testing.TB, root string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, name := range ListTree(t, root) {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = data
	}
	return files
}

// Location parses raw as store.Open does: fixtures name their source as
// text and carry it parsed. Fixtures are often built without a
// *testing.T, so a source that does not parse panics, failing the test.
func Location(raw string) blobscan.Location {
	loc, err := blobscan.ParseLocation(raw)
	if err != nil {
		panic(fmt.Sprintf("fixture location %q: %v", raw, err))
	}
	return loc
}
