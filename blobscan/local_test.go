package blobscan_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/blobscan/blobscantest"
	"github.com/baklint/baklint/internal/testutil"
)

func newLocal(t *testing.T) (blobscan.Reader, func(string, []byte)) {
	dir := t.TempDir()
	l, err := blobscan.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	// The conformance suite uploads from goroutines: t.Error, not Fatal.
	return l, func(p string, data []byte) {
		if err := testutil.WriteFile(dir, p, data); err != nil {
			t.Error(err)
		}
	}
}

func TestLocalConformsToReader(t *testing.T) {
	blobscantest.RunReaderConformance(t, newLocal)
}

func TestNewLocalRejectsWhatIsNotAReadableFolder(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "x.bak")
	testutil.WriteTree(t, dir, map[string][]byte{"x.bak": []byte("x")})
	tests := []struct{ name, path, mention string }{
		{"missing", filepath.Join(dir, "nope"), "does not exist"},
		{"file instead of folder", file, "is a file, not a folder"},
		{"below a file", filepath.Join(file, "sub"), "cannot be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := blobscan.NewLocal(tt.path)
			if !errors.Is(err, blobscan.ErrBadInput) {
				t.Fatalf("NewLocal(%s) = %v, want ErrBadInput", tt.path, err)
			}
			if msg := err.Error(); !strings.Contains(msg, tt.mention) || !strings.Contains(msg, tt.path) {
				t.Errorf("error %q should say %q and name %s", msg, tt.mention, tt.path)
			}
		})
	}
}

func TestLocalListSkipsEmptyFoldersAndFolderLinks(t *testing.T) {
	dir := t.TempDir()
	testutil.WriteTree(t, dir, map[string][]byte{"DB1/a.bak": []byte("a")})
	for _, d := range []string{"empty", "DB1/empty/deeper"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// A link back to the root would loop forever if folder links were followed;
	// a link to a file is listed like the file.
	if err := os.Symlink(dir, filepath.Join(dir, "DB1", "loop")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if err := os.Symlink(filepath.Join(dir, "DB1", "a.bak"), filepath.Join(dir, "link.bak")); err != nil {
		t.Fatal(err)
	}
	l, err := blobscan.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	if err := l.List(context.Background(), "", func(o blobscan.Object) error {
		got = append(got, o.Path)
		return nil
	}, func(p string, err error) { t.Errorf("%s: %v", p, err) }); err != nil {
		t.Fatal(err)
	}
	sort.Strings(got)
	if want := []string{"DB1/a.bak", "link.bak"}; !slices.Equal(got, want) {
		t.Errorf("listed %q, want %q", got, want)
	}
}

func TestLocalRefusesPathsOutsideTheRoot(t *testing.T) {
	parent := t.TempDir()
	testutil.WriteTree(t, parent, map[string][]byte{"secret.bak": []byte("s")})
	root := filepath.Join(parent, "root")
	testutil.WriteTree(t, root, map[string][]byte{"ok.bak": []byte("o")})
	l, err := blobscan.NewLocal(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"../secret.bak", "/etc/passwd", "DB/../../secret.bak", ""} {
		if _, err := l.ReadRange(context.Background(), p, 0, 10); !errors.Is(err, blobscan.ErrBadInput) {
			t.Errorf("ReadRange(%q) = %v, want ErrBadInput", p, err)
		}
		if _, err := l.Properties(context.Background(), p); !errors.Is(err, blobscan.ErrBadInput) {
			t.Errorf("Properties(%q) = %v, want ErrBadInput", p, err)
		}
	}
}

func TestLocalListReportsAVanishedFolderAndGoesOn(t *testing.T) {
	dir := t.TempDir()
	testutil.WriteTree(t, dir, map[string][]byte{"A/a.bak": []byte("a"), "B/b.bak": []byte("b")})
	l, err := blobscan.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	// Root runs this test, so permissions cannot make a folder unreadable;
	// a folder replaced by a file between the two reads fails the same way.
	var failed []string
	var got []string
	err = l.List(context.Background(), "", func(o blobscan.Object) error {
		got = append(got, o.Path)
		return nil
	}, func(p string, err error) { failed = append(failed, p) })
	if err != nil || len(got) != 2 || len(failed) != 0 {
		t.Fatalf("clean walk: got %q, failed %q, err %v", got, failed, err)
	}
	if err := os.RemoveAll(filepath.Join(dir, "A")); err != nil {
		t.Fatal(err)
	}
	got, failed = nil, nil
	// ReadDir on a path that is now a file: ENOTDIR goes to onErr.
	testutil.WriteTree(t, dir, map[string][]byte{"A": []byte("now a file")})
	if err := os.Symlink(filepath.Join(dir, "missing-target"), filepath.Join(dir, "B", "dangling.bak")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	err = l.List(context.Background(), "", func(o blobscan.Object) error {
		got = append(got, o.Path)
		return nil
	}, func(p string, err error) { failed = append(failed, p) })
	sort.Strings(got)
	if err != nil || !slices.Equal(got, []string{"A", "B/b.bak"}) || !slices.Equal(failed, []string{"B/dangling.bak"}) {
		t.Errorf("got %q, failed %q, err %v; want [A B/b.bak], [B/dangling.bak], nil", got, failed, err)
	}
}

func TestLocalListStopsOnCancel(t *testing.T) {
	dir := t.TempDir()
	testutil.WriteTree(t, dir, map[string][]byte{"A/a.bak": []byte("x"), "B/b.bak": []byte("x"), "C/c.bak": []byte("x")})
	l, err := blobscan.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := l.List(ctx, "", func(blobscan.Object) error { return nil }, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("List on a cancelled context = %v, want context.Canceled", err)
	}
}

func TestLocalConformsToWriter(t *testing.T) {
	blobscantest.RunWriterConformance(t, func(t *testing.T) blobscantest.WriterStore {
		src, putSrc := newLocal(t)
		dst, putDst := newLocal(t)
		return blobscantest.WriterStore{Dst: dst.(*blobscan.Local), PutDst: putDst, Src: src, PutSrc: putSrc, Types: []string{""}}
	})
}
