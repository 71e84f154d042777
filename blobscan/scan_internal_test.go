package blobscan

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/baklint/baklint/bakhdr"
	"github.com/baklint/baklint/errclass"
)

// rangeLog records every range a Local reader is asked for.
type rangeLog struct {
	*Local
	mu     sync.Mutex
	ranges map[string][][2]int64
}

func (r *rangeLog) ReadRange(ctx context.Context, p string, off, n int64) ([]byte, error) {
	r.mu.Lock()
	r.ranges[p] = append(r.ranges[p], [2]int64{off, n})
	r.mu.Unlock()
	return r.Local.ReadRange(ctx, p, off, n)
}

func newRangeLog(t *testing.T, files map[string]int) *rangeLog {
	dir := t.TempDir()
	for p, n := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, make([]byte, n), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	l, err := NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	return &rangeLog{Local: l, ranges: map[string][][2]int64{}}
}

// stubDecode replaces the decoder for one test; decodes records what it got.
func stubDecode(t *testing.T, fn func(head, tail []byte, size int64) (*bakhdr.Header, error)) {
	old := decodeHeader
	decodeHeader = fn
	t.Cleanup(func() { decodeHeader = old })
}

func TestScanReadsAtMostHeadAndTailPerFile(t *testing.T) {
	const head, tail = 1000, 500
	r := newRangeLog(t, map[string]int{
		"A/small.bak": 1200, // <= head+tail: one request for all of it
		"A/exact.trn": 1500,
		"A/big.bak":   100_000,
		"A/notes.txt": 100_000, // not a backup name: only sniffed
		"A/tiny.txt":  100,     // too small to be a backup: not even sniffed
		"A/empty.bak": 0,       // nothing to read
	})
	type got struct{ head, tail, size int }
	var mu sync.Mutex
	seen := map[int64]got{}
	stubDecode(t, func(h, tl []byte, size int64) (*bakhdr.Header, error) {
		mu.Lock()
		seen[size] = got{len(h), len(tl), int(size)}
		mu.Unlock()
		return &bakhdr.Header{DatabaseName: "DB"}, nil
	})
	res, err := Scan(context.Background(), []Reader{r}, ScanOptions{Headers: true, HeadBytes: head, TailBytes: tail, Concurrency: 3})
	if err != nil {
		t.Fatal(err)
	}
	wantRanges := map[string][][2]int64{
		"A/small.bak": {{0, 1200}},
		"A/exact.trn": {{0, 1500}},
		"A/big.bak":   {{0, head}, {100_000 - tail, tail}},
		"A/notes.txt": {{0, 8}},
	}
	for p, want := range wantRanges {
		if !slices.Equal(r.ranges[p], want) {
			t.Errorf("%s: read ranges %v, want %v", p, r.ranges[p], want)
		}
	}
	if len(r.ranges) != len(wantRanges) {
		t.Errorf("read %d files, want %d: %v", len(r.ranges), len(wantRanges), r.ranges)
	}
	// A whole file goes to the decoder as head alone.
	if g := seen[1200]; g.head != 1200 || g.tail != 0 {
		t.Errorf("small file decoded with head %d tail %d", g.head, g.tail)
	}
	if g := seen[100_000]; g.head != head || g.tail != tail {
		t.Errorf("big file decoded with head %d tail %d", g.head, g.tail)
	}
	var paths []string
	for _, s := range res {
		paths = append(paths, s.Path)
		wantHeader := s.Path == "A/small.bak" || s.Path == "A/exact.trn" || s.Path == "A/big.bak"
		if (s.Header != nil) != wantHeader || s.HeaderErr != nil {
			t.Errorf("%s: header %v, error %v", s.Path, s.Header, s.HeaderErr)
		}
		if s.NotBackup != (s.Path == "A/notes.txt") {
			t.Errorf("%s: NotBackup %v", s.Path, s.NotBackup)
		}
	}
	if want := []string{"A/big.bak", "A/empty.bak", "A/exact.trn", "A/notes.txt", "A/small.bak", "A/tiny.txt"}; !slices.Equal(paths, want) {
		t.Errorf("result order %q, want %q", paths, want)
	}
}

func TestScanListsSkippedFilesWithoutReadingAByteOfThem(t *testing.T) {
	files := map[string]int{
		"Sales/full.bak":      4096,
		"archive/old.bak":     4096,
		"archive/old.trn":     100_000,
		"archive/Sales_full":  4096, // would be sniffed
		"archive/deep/x.diff": 4096,
	}
	skip := func(p string) bool { return strings.HasPrefix(p, "archive/") }
	stubDecode(t, func(h, tl []byte, size int64) (*bakhdr.Header, error) {
		return &bakhdr.Header{DatabaseName: "Sales"}, nil
	})
	for _, c := range []struct {
		name string
		skip func(string) bool
		read []string
	}{
		// Without Skip every file is read: the log below does see reads.
		{"without Skip", nil, []string{"Sales/full.bak", "archive/Sales_full", "archive/deep/x.diff", "archive/old.bak", "archive/old.trn"}},
		{"with Skip", skip, []string{"Sales/full.bak"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newRangeLog(t, files)
			res, err := Scan(context.Background(), []Reader{r}, ScanOptions{Headers: true, Skip: c.skip})
			if err != nil {
				t.Fatal(err)
			}
			if len(res) != len(files) {
				t.Errorf("listed %d files, want all %d: skipped files are listed, only not read", len(res), len(files))
			}
			read := slices.Sorted(maps.Keys(r.ranges))
			if want := slices.Sorted(slices.Values(c.read)); !slices.Equal(read, want) {
				t.Errorf("read %q, want %q", read, want)
			}
			for _, s := range res {
				if c.skip != nil && c.skip(s.Path) && (s.Header != nil || s.HeaderErr != nil || s.NotBackup) {
					t.Errorf("%s is skipped but has header %v, error %v, NotBackup %v", s.Path, s.Header, s.HeaderErr, s.NotBackup)
				}
			}
		})
	}
}

func TestScanReadsTheHeaderOfABackupWithoutABackupExtension(t *testing.T) {
	r := newRangeLog(t, map[string]int{"Sales/Sales_full": 4096, "Sales/readme.md": 4096})
	// A backup signature in a file whose name says nothing.
	full := filepath.Join(r.Root, "Sales", "Sales_full")
	if err := os.WriteFile(full, append([]byte("TAPE"), make([]byte, 4092)...), 0o644); err != nil {
		t.Fatal(err)
	}
	stubDecode(t, func(h, tl []byte, size int64) (*bakhdr.Header, error) {
		return &bakhdr.Header{DatabaseName: "Sales"}, nil
	})
	res, err := Scan(context.Background(), []Reader{r}, ScanOptions{Headers: true})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Header == nil || res[0].NotBackup || !slices.Equal(r.ranges["Sales/Sales_full"], [][2]int64{{0, 8}, {0, 4096}}) {
		t.Errorf("Sales_full: header %v, NotBackup %v, ranges %v; want a sniff, then the header read", res[0].Header, res[0].NotBackup, r.ranges["Sales/Sales_full"])
	}
	if res[1].Header != nil || !res[1].NotBackup || !slices.Equal(r.ranges["Sales/readme.md"], [][2]int64{{0, 8}}) {
		t.Errorf("readme.md: header %v, NotBackup %v, ranges %v; want only a sniff", res[1].Header, res[1].NotBackup, r.ranges["Sales/readme.md"])
	}
}

// failingReads lists like its Reader but refuses every read, as a SAS with
// List and without Read permission does.
type failingReads struct {
	Reader
	err error
}

func (f failingReads) ReadRange(context.Context, string, int64, int64) ([]byte, error) {
	return nil, f.err
}

func TestScanFailsWhenHeadersCannotBeReadInsteadOfReportingFiles(t *testing.T) {
	refused := errclass.Errorf(errclass.Auth, "read https://acct.blob.core.windows.net/c/a.bak: HTTP 403 AuthorizationPermissionMismatch")
	for _, name := range []string{"a.bak", "notes.txt"} {
		r := newRangeLog(t, map[string]int{name: 4096})
		_, err := Scan(context.Background(), []Reader{failingReads{r, refused}}, ScanOptions{Headers: true})
		if !errors.Is(err, ErrAuth) || !strings.Contains(err.Error(), "listed but not read") {
			t.Errorf("%s: Scan with reads refused = %v, want a storage failure wrapping ErrAuth", name, err)
		}
	}
	// Without headers nothing is read, so a List-only credential is enough.
	r := newRangeLog(t, map[string]int{"a.bak": 4096})
	if _, err := Scan(context.Background(), []Reader{failingReads{r, refused}}, ScanOptions{}); err != nil {
		t.Errorf("listing-only scan: %v", err)
	}
}

func TestScanRereadsTheHeadOnceWhenTheDecoderAsksForMore(t *testing.T) {
	r := newRangeLog(t, map[string]int{"big.bak": 3 << 20, "huge-ask.bak": 40 << 20})
	stubDecode(t, func(h, tl []byte, size int64) (*bakhdr.Header, error) {
		if size == 40<<20 {
			return nil, &bakhdr.NeedMoreError{HeadBytes: 32 << 20}
		}
		if len(h) < 1<<20 {
			return nil, &bakhdr.NeedMoreError{HeadBytes: 1 << 20}
		}
		return &bakhdr.Header{DatabaseName: "Big"}, nil
	})
	res, err := Scan(context.Background(), []Reader{r}, ScanOptions{Headers: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := [][2]int64{{0, 256 << 10}, {3<<20 - 256<<10, 256 << 10}, {0, 1 << 20}}; !slices.Equal(r.ranges["big.bak"], want) {
		t.Errorf("big.bak ranges %v, want %v", r.ranges["big.bak"], want)
	}
	if res[0].Header == nil || res[0].Header.DatabaseName != "Big" {
		t.Errorf("big.bak: header %v, error %v", res[0].Header, res[0].HeaderErr)
	}
	// A decoder that asks for more than 16 MiB gets an error, not the bytes.
	if len(r.ranges["huge-ask.bak"]) != 2 || res[1].HeaderErr == nil || !strings.Contains(res[1].HeaderErr.Error(), "likely corrupt") {
		t.Errorf("huge-ask.bak: ranges %v, error %v", r.ranges["huge-ask.bak"], res[1].HeaderErr)
	}
}

func TestScanKeepsHeaderFailuresPerFileAndSkipsArchivedBlobs(t *testing.T) {
	r := newRangeLog(t, map[string]int{"bad.bak": 100, "good.trn": 100})
	stubDecode(t, func(h, tl []byte, size int64) (*bakhdr.Header, error) {
		return nil, bakhdr.ErrNotBackup
	})
	archived := &tierOverride{Reader: r, tier: TierArchive, path: "good.trn"}
	res, err := Scan(context.Background(), []Reader{archived}, ScanOptions{Headers: true})
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(res[0].HeaderErr, bakhdr.ErrNotBackup) || !res[0].NotBackup {
		t.Errorf("bad.bak: HeaderErr %v, NotBackup %v; want ErrNotBackup", res[0].HeaderErr, res[0].NotBackup)
	}
	if res[1].Header != nil || res[1].HeaderErr != nil || len(r.ranges["good.trn"]) != 0 {
		t.Errorf("archived good.trn was read: ranges %v, error %v", r.ranges["good.trn"], res[1].HeaderErr)
	}
}

// tierOverride lists one object as if it sat in another tier.
type tierOverride struct {
	Reader
	tier, path string
}

func (t *tierOverride) List(ctx context.Context, prefix string, fn func(Object) error, onErr func(string, error)) error {
	return t.Reader.List(ctx, prefix, func(o Object) error {
		if o.Path == t.path {
			o.Tier = t.tier
		}
		return fn(o)
	}, onErr)
}

func TestScanReportsProgressUpToEveryObject(t *testing.T) {
	r := newRangeLog(t, map[string]int{"a.bak": 10, "b.trn": 10, "c.txt": 10, "D/e.bak": 10})
	stubDecode(t, func(h, tl []byte, size int64) (*bakhdr.Header, error) { return &bakhdr.Header{}, nil })
	var calls []int
	_, err := Scan(context.Background(), []Reader{r}, ScanOptions{Headers: true, Progress: func(n int) { calls = append(calls, n) }})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(calls, []int{1, 2, 3, 4}) {
		t.Errorf("progress calls %v, want 1..4", calls)
	}
}

func TestScanStopsOnCancel(t *testing.T) {
	r := newRangeLog(t, map[string]int{"a.bak": 10})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Scan(ctx, []Reader{r}, ScanOptions{Headers: true}); !errors.Is(err, context.Canceled) {
		t.Errorf("Scan on a cancelled context = %v, want context.Canceled", err)
	}
}

func TestIsBackupNameKnowsTheBackupExtensions(t *testing.T) {
	for p, want := range map[string]bool{
		"a.bak": true, "A/B.BAK": true, "x.trn": true, "x.log": true, "x.diff": true, "x.dif": true, "x.full": true,
		"x.bacpac": false, "x.txt": false, "bak": false, "x.bak.txt": false, "DB_backup_2024.zip": false,
	} {
		if got := IsBackupName(p); got != want {
			t.Errorf("IsBackupName(%q) = %v, want %v", p, got, want)
		}
	}
}

// named gives a Local reader a container name, as an account's readers have.
type named struct {
	*rangeLog
	name string
}

func (n named) Container() string { return n.name }

func TestScanOfSeveralContainersSortsByContainerAndReadsEachFileFromItsOwn(t *testing.T) {
	// The same paths in three containers, handed over out of order; each
	// file holds its container's name, and the decoder reports what it read.
	var readers []Reader
	for _, name := range []string{"zulu", "alpha", "mike"} {
		r := newRangeLog(t, map[string]int{"DB/b.bak": 0, "DB/a.bak": 0})
		for _, p := range []string{"DB/a.bak", "DB/b.bak"} {
			if err := os.WriteFile(filepath.Join(r.Root, filepath.FromSlash(p)), []byte(name), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		readers = append(readers, named{r, name})
	}
	stubDecode(t, func(head, _ []byte, _ int64) (*bakhdr.Header, error) {
		return &bakhdr.Header{DatabaseName: string(head)}, nil
	})
	got, err := Scan(context.Background(), readers, ScanOptions{Headers: true, Concurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, s := range got {
		order = append(order, s.Container+":"+s.Path)
		if s.Header == nil || s.Header.DatabaseName != s.Container {
			t.Errorf("%s:%s was read from another container: header %+v, error %v", s.Container, s.Path, s.Header, s.HeaderErr)
		}
	}
	want := []string{"alpha:DB/a.bak", "alpha:DB/b.bak", "mike:DB/a.bak", "mike:DB/b.bak", "zulu:DB/a.bak", "zulu:DB/b.bak"}
	if !slices.Equal(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}
}
