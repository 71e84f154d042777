package report

import (
	"fmt"
	"testing"
	"time"

	"github.com/baklint/baklint/layout"
)

func databases(n int) []layout.Database {
	dbs := make([]layout.Database, n)
	for i := range dbs {
		// Sizes rise with the index, so largest first reverses the input.
		dbs[i] = layout.Database{Name: fmt.Sprintf("db%03d", i), Bytes: int64(i+1) << 20}
	}
	return dbs
}

func TestBatchesSplitAnEstateIntoDMSSizedGroups(t *testing.T) {
	cases := []struct {
		name      string
		dbs       int
		window    time.Duration
		wantSizes []int
		wantOver  bool
	}{
		{"no databases give no batches", 0, 0, []int{}, false},
		{"a small estate fits one batch", 5, 0, []int{5}, false},
		{"exactly one hundred fit one batch", 100, 0, []int{100}, false},
		{"two hundred fifty split at one hundred", 250, 0, []int{100, 100, 50}, false},
		{"a half-hour window takes thirty cutovers", 70, 30 * time.Minute, []int{30, 30, 10}, false},
		{"a window wider than DMS allows still caps at one hundred", 150, 10 * time.Hour, []int{100, 50}, false},
		{"a window shorter than one cutover takes one at a time and says so", 3, 30 * time.Second, []int{1, 1, 1}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Batches(databases(c.dbs), c.window)
			if len(got) != len(c.wantSizes) {
				t.Fatalf("%d batches, want %d", len(got), len(c.wantSizes))
			}
			seen := map[string]bool{}
			for i, b := range got {
				n := len(b.Databases)
				if n != c.wantSizes[i] {
					t.Errorf("batch %d holds %d, want %d", i+1, n, c.wantSizes[i])
				}
				if b.Number != i+1 {
					t.Errorf("batch %d numbered %d", i+1, b.Number)
				}
				if b.QueueMinutes != 2*n || b.CutoverMinutes != n {
					t.Errorf("batch %d: queue %d, cutover %d minutes, want %d and %d", i+1, b.QueueMinutes, b.CutoverMinutes, 2*n, n)
				}
				if b.OverWindow != c.wantOver {
					t.Errorf("batch %d: over window %v, want %v", i+1, b.OverWindow, c.wantOver)
				}
				for _, name := range b.Databases {
					if seen[name] {
						t.Errorf("%s is in two batches", name)
					}
					seen[name] = true
				}
			}
			if len(seen) != c.dbs {
				t.Errorf("%d databases planned, want %d", len(seen), c.dbs)
			}
		})
	}
}

func TestBatchesPutTheLargestDatabasesFirst(t *testing.T) {
	dbs := []layout.Database{
		{Name: "small", Bytes: 10},
		{Name: "big", Bytes: 1000},
		{Name: "tie-b", Bytes: 100},
		{Name: "tie-a", Bytes: 100},
	}
	got := Batches(dbs, 3*time.Minute)
	want := [][]string{{"big", "tie-a", "tie-b"}, {"small"}}
	if fmt.Sprint(got[0].Databases, got[1].Databases) != fmt.Sprint(want[0], want[1]) {
		t.Errorf("batches = %v %v, want %v", got[0].Databases, got[1].Databases, want)
	}
	if got[0].Bytes != 1200 || got[1].Bytes != 10 {
		t.Errorf("batch bytes = %d, %d, want 1200, 10", got[0].Bytes, got[1].Bytes)
	}
	if dbs[0].Name != "small" {
		t.Error("Batches reordered its input")
	}
}

func TestBatchesAddUpTheRestoredSizeAndCountTheDatabasesOfUnknownSize(t *testing.T) {
	dbs := []layout.Database{
		{Name: "a", Bytes: 300, DataBytes: 1000},
		{Name: "b", Bytes: 200, DataBytes: 500},
		{Name: "c", Bytes: 100},
		{Name: "d", Bytes: 50},
	}
	got := Batches(dbs, 2*time.Minute)
	for i, want := range []struct {
		data    int64
		unknown int
	}{{1500, 0}, {0, 2}} {
		if got[i].DataBytes != want.data || got[i].DataBytesUnknown != want.unknown {
			t.Errorf("batch %d: data_bytes %d, %d unknown; want %d, %d unknown", i+1, got[i].DataBytes, got[i].DataBytesUnknown, want.data, want.unknown)
		}
	}
	for bt, want := range map[*Batch]string{
		&got[0]:                                ", restored 1.5 KiB",
		&got[1]:                                "",
		{DataBytes: 1000, DataBytesUnknown: 1}: ", restored at least 1000 B (1 database of unknown size)",
	} {
		if s := restoredText(*bt); s != want {
			t.Errorf("restoredText(%+v) = %q, want %q", *bt, s, want)
		}
	}
}
