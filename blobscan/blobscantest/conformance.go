// Package blobscantest holds the behaviour every blobscan.Reader must share,
// as a test suite each implementation runs against its real backend.
package blobscantest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/baklint/baklint/blobscan"
)

// NewStore returns an empty store and a function that writes one object into
// it (path relative to the store root, '/' separators).
type NewStore func(t *testing.T) (blobscan.Reader, func(path string, data []byte))

// RunReaderConformance runs the shared Reader tests; each subtest gets a
// fresh store from newStore.
func RunReaderConformance(t *testing.T, newStore NewStore) {
	t.Run("ListFindsFilesAtEveryDepth", func(t *testing.T) { testNested(t, newStore) })
	t.Run("ListHonoursPrefixes", func(t *testing.T) { testPrefix(t, newStore) })
	t.Run("ListOfEmptyStoreOrUnknownFolderIsEmpty", func(t *testing.T) { testEmpty(t, newStore) })
	t.Run("ListFindsManyFilesInManyFolders", func(t *testing.T) { testMany(t, newStore) })
	t.Run("ListStopsWhenCallbackFails", func(t *testing.T) { testCallbackError(t, newStore) })
	t.Run("ReadRangeReturnsTheRequestedBytes", func(t *testing.T) { testReadRange(t, newStore) })
	t.Run("PropertiesMatchListing", func(t *testing.T) { testProperties(t, newStore) })
	t.Run("MissingObjectIsNotFound", func(t *testing.T) { testNotFound(t, newStore) })
	t.Run("ConcurrentReadsAgree", func(t *testing.T) { testConcurrentReads(t, newStore) })
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return c
}

// list returns the objects under prefix by path, failing on any folder error.
func list(t *testing.T, r blobscan.Reader, prefix string) map[string]blobscan.Object {
	t.Helper()
	got := map[string]blobscan.Object{}
	err := r.List(ctx(t), prefix, func(o blobscan.Object) error {
		if _, dup := got[o.Path]; dup {
			return fmt.Errorf("%s listed twice", o.Path)
		}
		got[o.Path] = o
		return nil
	}, func(path string, err error) { t.Errorf("folder %s: %v", path, err) })
	if err != nil {
		t.Fatalf("List(%q): %v", prefix, err)
	}
	return got
}

func keys(m map[string]blobscan.Object) []string { return slices.Sorted(maps.Keys(m)) }

// tree is a small Ola-Hallengren-like layout, with a '$', spaces and a
// non-ASCII name, which URL escaping often gets wrong.
var tree = map[string]string{
	"root.bak":                            "r",
	"DB1/DB1_full.bak":                    "full-1",
	"SRV$INST/Db 1/FULL/Db 1_FULL_1.bak":  "full backup body",
	"SRV$INST/Db 1/LOG/Db 1_LOG_1.trn":    "log one",
	"SRV$INST/Db 1/LOG/Db 1_LOG_2.trn":    "log two!",
	"SRV$INST/Db2/DIFF/Db2_DIFF.bak":      "diff",
	"SRV$INST/Db2/a/b/c/deep.bak":         "deep",
	"Données/Société_FULL.bak":            "unicode",
	"SRV$INST/Db10/FULL/Db10_FULL_01.bak": "ten",
}

func seed(upload func(string, []byte), files map[string]string) {
	for p, body := range files {
		upload(p, []byte(body))
	}
}

func testNested(t *testing.T, newStore NewStore) {
	r, upload := newStore(t)
	seed(upload, tree)
	got := list(t, r, "")
	if want := slices.Sorted(maps.Keys(tree)); !slices.Equal(keys(got), want) {
		t.Fatalf("listed %q\nwant %q", keys(got), want)
	}
	for p, body := range tree {
		o := got[p]
		if o.Size != int64(len(body)) {
			t.Errorf("%s: size %d, want %d", p, o.Size, len(body))
		}
		if o.ETag == "" {
			t.Errorf("%s: empty ETag", p)
		}
		if o.LastModified.IsZero() || time.Since(o.LastModified) > 24*time.Hour {
			t.Errorf("%s: last-modified %v is not recent", p, o.LastModified)
		}
	}
}

func testPrefix(t *testing.T, newStore NewStore) {
	r, upload := newStore(t)
	seed(upload, tree)
	tests := []struct {
		prefix string
		want   []string
	}{
		{"SRV$INST/Db 1/", []string{"SRV$INST/Db 1/FULL/Db 1_FULL_1.bak", "SRV$INST/Db 1/LOG/Db 1_LOG_1.trn", "SRV$INST/Db 1/LOG/Db 1_LOG_2.trn"}},
		{"SRV$INST/Db 1/LOG/", []string{"SRV$INST/Db 1/LOG/Db 1_LOG_1.trn", "SRV$INST/Db 1/LOG/Db 1_LOG_2.trn"}},
		// A prefix is a name prefix, not a folder: Db1 also matches Db10.
		{"SRV$INST/Db1", []string{"SRV$INST/Db10/FULL/Db10_FULL_01.bak"}},
		{"SRV$INST/Db2/a/b/c/", []string{"SRV$INST/Db2/a/b/c/deep.bak"}},
		{"SRV$INST/Db 1/LOG/Db 1_LOG_2", []string{"SRV$INST/Db 1/LOG/Db 1_LOG_2.trn"}},
		{"DB", []string{"DB1/DB1_full.bak"}},
		{"ro", []string{"root.bak"}},
		{"Données/", []string{"Données/Société_FULL.bak"}},
		{"nothing/", nil},
	}
	for _, tt := range tests {
		got := keys(list(t, r, tt.prefix))
		if !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
			t.Errorf("List(%q) = %q, want %q", tt.prefix, got, tt.want)
		}
		// Paths stay relative to the root whatever the prefix.
		for _, p := range got {
			if !strings.HasPrefix(p, tt.prefix) {
				t.Errorf("List(%q) returned %q outside the prefix", tt.prefix, p)
			}
		}
	}
}

func testEmpty(t *testing.T, newStore NewStore) {
	r, _ := newStore(t)
	for _, prefix := range []string{"", "nofolder/", "x"} {
		if got := list(t, r, prefix); len(got) != 0 {
			t.Errorf("List(%q) on an empty store = %q", prefix, keys(got))
		}
	}
}

func testMany(t *testing.T, newStore NewStore) {
	r, upload := newStore(t)
	const folders, perFolder = 25, 12
	want := map[string]string{}
	for f := 0; f < folders; f++ {
		for i := 0; i < perFolder; i++ {
			want[fmt.Sprintf("F%02d/sub/DB%02d_%03d.trn", f, f, i)] = strings.Repeat("x", i)
		}
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, 16)
	for p, body := range want {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			upload(p, []byte(body))
		}()
	}
	wg.Wait()
	got := list(t, r, "")
	if len(got) != len(want) {
		t.Fatalf("listed %d objects, want %d", len(got), len(want))
	}
	for p, body := range want {
		if o, ok := got[p]; !ok || o.Size != int64(len(body)) {
			t.Errorf("%s: listed %v (size %d), want size %d", p, ok, o.Size, len(body))
		}
	}
}

func testCallbackError(t *testing.T, newStore NewStore) {
	r, upload := newStore(t)
	seed(upload, tree)
	stop := errors.New("enough")
	calls := 0
	err := r.List(ctx(t), "", func(blobscan.Object) error {
		calls++
		if calls == 2 {
			return stop
		}
		return nil
	}, nil)
	if !errors.Is(err, stop) {
		t.Fatalf("List returned %v, want the callback's error", err)
	}
	if calls != 2 {
		t.Errorf("callback ran %d times after failing on the 2nd", calls)
	}
}

func testReadRange(t *testing.T, newStore NewStore) {
	r, upload := newStore(t)
	body := make([]byte, 70_000)
	for i := range body {
		body[i] = byte(i*7 + i/251)
	}
	upload("F/data.bak", body)
	upload("F/empty.bak", nil)
	n := int64(len(body))
	tests := []struct {
		name           string
		path           string
		offset, length int64
		want           []byte
	}{
		{"start", "F/data.bak", 0, 512, body[:512]},
		{"middle", "F/data.bak", 30_000, 4096, body[30_000:34_096]},
		{"end exactly", "F/data.bak", n - 100, 100, body[n-100:]},
		{"across the end", "F/data.bak", n - 100, 1000, body[n-100:]},
		{"whole and more", "F/data.bak", 0, n + 5, body},
		{"past the end", "F/data.bak", n + 10, 100, nil},
		{"at the end", "F/data.bak", n, 100, nil},
		{"empty object", "F/empty.bak", 0, 100, nil},
	}
	for _, tt := range tests {
		got, err := r.ReadRange(ctx(t), tt.path, tt.offset, tt.length)
		if err != nil {
			t.Errorf("%s: ReadRange(%s, %d, %d): %v", tt.name, tt.path, tt.offset, tt.length, err)
			continue
		}
		if !bytes.Equal(got, tt.want) {
			t.Errorf("%s: ReadRange(%s, %d, %d) returned %d bytes, want %d (equal prefix: %v)",
				tt.name, tt.path, tt.offset, tt.length, len(got), len(tt.want), len(got) > 0 && len(tt.want) > 0 && got[0] == tt.want[0])
		}
	}
}

func testProperties(t *testing.T, newStore NewStore) {
	r, upload := newStore(t)
	seed(upload, tree)
	listed := list(t, r, "")
	for p, o := range listed {
		got, err := r.Properties(ctx(t), p)
		if err != nil {
			t.Errorf("Properties(%s): %v", p, err)
			continue
		}
		if got.Path != p || got.Size != o.Size || got.ETag != o.ETag || got.BlobType != o.BlobType || got.Tier != o.Tier {
			t.Errorf("Properties(%s) = %+v, listing said %+v", p, got, o)
		}
		if !got.LastModified.Equal(o.LastModified) {
			t.Errorf("Properties(%s) last-modified %v, listing said %v", p, got.LastModified, o.LastModified)
		}
	}
	// A rewrite must change the ETag: the fixer relies on it to notice a
	// source that changed since planning.
	const p = "DB1/DB1_full.bak"
	before := listed[p].ETag
	time.Sleep(10 * time.Millisecond) // mtime granularity for local files
	upload(p, []byte("rewritten, longer body"))
	after, err := r.Properties(ctx(t), p)
	if err != nil {
		t.Fatal(err)
	}
	if after.ETag == before || after.Size != int64(len("rewritten, longer body")) {
		t.Errorf("after a rewrite: ETag %s (was %s), size %d", after.ETag, before, after.Size)
	}
}

func testNotFound(t *testing.T, newStore NewStore) {
	r, upload := newStore(t)
	upload("DB1/there.bak", []byte("x"))
	for _, p := range []string{"DB1/missing.bak", "nofolder/x.bak"} {
		_, err := r.Properties(ctx(t), p)
		checkNotFound(t, "Properties", p, err)
		_, err = r.ReadRange(ctx(t), p, 0, 10)
		checkNotFound(t, "ReadRange", p, err)
	}
}

func checkNotFound(t *testing.T, op, path string, err error) {
	t.Helper()
	if !errors.Is(err, blobscan.ErrNotFound) || !errors.Is(err, blobscan.ErrStorage) {
		t.Errorf("%s(%s) = %v, want an ErrNotFound", op, path, err)
		return
	}
	if msg := err.Error(); !strings.Contains(msg, path) {
		t.Errorf("%s(%s) error %q does not name the object", op, path, msg)
	} else if strings.Contains(msg, "\n") {
		t.Errorf("%s(%s) error %q spans several lines", op, path, msg)
	}
}

func testConcurrentReads(t *testing.T, newStore NewStore) {
	r, upload := newStore(t)
	seed(upload, tree)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := 0; i < 8; i++ {
		for p, body := range tree {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got, err := r.ReadRange(ctx(t), p, 0, 1<<20)
				if err != nil {
					errs <- err
				} else if string(got) != body {
					errs <- fmt.Errorf("%s: read %q, want %q", p, got, body)
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
