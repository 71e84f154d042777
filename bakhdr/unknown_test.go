package bakhdr_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/baklint/baklint/bakhdr"
	"github.com/baklint/baklint/bakhdr/bakhdrtest"
)

const samplesDir = "../../shared/testdata/backups"

var lsnFields = []string{"first_lsn", "last_lsn", "checkpoint_lsn"}

// headerFields is h as a JSON object, to compare fields by their names.
func headerFields(t *testing.T, h *bakhdr.Header) map[string]any {
	t.Helper()
	b, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestFrontOnlyDecodeListsExactlyTheFieldsItCannotEstablish decodes every
// real sample twice: from the first 256 KiB alone (no trailer) and whole.
// The front-only header must list backup_finish, plus the three LSNs on SQL
// Server 2019+, and every field it does not list must equal the whole-file
// value: listing too little hides a wrong value, listing too much throws
// away a good one.
func TestFrontOnlyDecodeListsExactlyTheFieldsItCannotEstablish(t *testing.T) {
	var files []string
	err := filepath.WalkDir(samplesDir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".bak") || strings.HasSuffix(p, ".trn")) {
			files = append(files, p)
		}
		return err
	})
	if err != nil || len(files) == 0 {
		t.Skipf("shared backup samples not present: %v", err)
	}
	differing := 0
	for _, p := range files {
		whole, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		full, err := bakhdr.Decode(whole, nil, int64(len(whole)))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if strings.Contains(p, "SharePoint_Config.23d8f3c") {
			continue // two sets: the whole file's trailer is the second set's
		}
		n := min(len(whole), bakhdr.DefaultHeadBytes)
		if n == len(whole) {
			n-- // a whole file counts as head and tail; keep the tail out
		}
		front, err := bakhdr.Decode(whole[:n], nil, int64(len(whole)))
		if err != nil {
			t.Fatalf("%s front only: %v", p, err)
		}
		if full.Unknown != nil {
			t.Errorf("%s: whole-file decode lists %v as unknown", p, full.Unknown)
		}
		want := []string{"backup_finish"}
		if strings.HasPrefix(full.Version, "15.") || strings.HasPrefix(full.Version, "16.") {
			want = append(slices.Clone(lsnFields), want...)
		}
		if !reflect.DeepEqual(front.Unknown, want) {
			t.Errorf("%s (%s): front-only decode lists %v as unknown, want %v", p, full.Version, front.Unknown, want)
		}
		fm, wm := headerFields(t, front), headerFields(t, full)
		for k, v := range wm {
			if k == "unknown" || slices.Contains(front.Unknown, k) {
				if k != "unknown" && !reflect.DeepEqual(fm[k], v) {
					differing++
				}
				continue
			}
			if !reflect.DeepEqual(fm[k], v) {
				t.Errorf("%s: %s is %v from the front copy but %v from the trailer, and not listed as unknown", p, k, fm[k], v)
			}
		}
	}
	if differing == 0 {
		t.Error("no listed field differed from its final value: the test proves nothing")
	}
}

// TestAppendedSetsListTheFirstSetsUnreadTrailerFields: in a file holding
// several sets the tail holds the last set's trailer, so the first set's
// finish date (and, on SQL Server 2019+, its LSNs) are unknown.
func TestAppendedSetsListTheFirstSetsUnreadTrailerFields(t *testing.T) {
	set := func(version, start string) bakhdr.Header {
		return bakhdr.Header{DatabaseName: "Nightly", Version: version, BackupStart: start}
	}
	for _, tc := range []struct {
		name string
		hs   []bakhdr.Header
		want []string
	}{
		{"one 11.0 set", []bakhdr.Header{set("11.0.7001", "2024-01-01T01:00:00")}, nil},
		{"one 15.0 set", []bakhdr.Header{set("15.0.2000", "2024-01-01T01:00:00")}, nil},
		{"two 11.0 sets", []bakhdr.Header{set("11.0.7001", "2024-01-01T01:00:00"), set("11.0.7001", "2024-01-02T01:00:00")},
			[]string{"backup_finish"}},
		{"two 14.0 sets", []bakhdr.Header{set("14.0.1000", "2024-01-01T01:00:00"), set("14.0.1000", "2024-01-02T01:00:00")},
			[]string{"backup_finish"}},
		{"two 15.0 sets", []bakhdr.Header{set("15.0.2000", "2024-01-01T01:00:00"), set("15.0.2000", "2024-01-02T01:00:00")},
			[]string{"first_lsn", "last_lsn", "checkpoint_lsn", "backup_finish"}},
		{"three 16.0 sets", []bakhdr.Header{set("16.0.1000", "2024-01-01T01:00:00"), set("16.0.1000", "2024-01-02T01:00:00"), set("16.0.1000", "2024-01-03T01:00:00")},
			[]string{"first_lsn", "last_lsn", "checkpoint_lsn", "backup_finish"}},
	} {
		b := bakhdrtest.SynthesizeSets(tc.hs, 1<<20)
		h, err := bakhdr.Decode(b[:bakhdr.DefaultHeadBytes], b[len(b)-bakhdr.DefaultTailBytes:], int64(len(b)))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !reflect.DeepEqual(h.Unknown, tc.want) {
			t.Errorf("%s: unknown %v, want %v", tc.name, h.Unknown, tc.want)
		}
		if slices.Contains(h.Unknown, "backup_finish") != (h.BackupFinish == "") {
			t.Errorf("%s: backup_finish %q but unknown %v", tc.name, h.BackupFinish, h.Unknown)
		}
	}
}

// TestUnknownIsNotSharedBetweenHeaders: a caller appending to one header's
// Unknown must not change another's.
func TestUnknownIsNotSharedBetweenHeaders(t *testing.T) {
	b := bakhdrtest.Synthesize(bakhdr.Header{DatabaseName: "A", Version: "15.0.2000"}, 64<<10)
	h1, err1 := bakhdr.Decode(b[:8<<10], nil, int64(len(b)))
	h2, err2 := bakhdr.Decode(b[:8<<10], nil, int64(len(b)))
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	_ = append(h1.Unknown[:1], "x")
	if h2.Unknown[1] != "last_lsn" {
		t.Errorf("second header's unknown changed to %v", h2.Unknown)
	}
}
