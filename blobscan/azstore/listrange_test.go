package azstore_test

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"testing"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/blobscan/azstore"
	"github.com/baklint/baklint/internal/fakeblob"
)

// fakeContainer serves ns from a fake account with opts and returns a Reader.
func fakeContainer(t *testing.T, ns fakeblob.Namespace, opts fakeblob.Options, ao azstore.Options) (*fakeblob.Server, *azstore.Container) {
	t.Helper()
	s, err := fakeblob.Start(ns, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	c, err := azstore.NewContainer("devstoreaccount1", s.Endpoint(), "bench", azstore.Auth{SAS: "sv=2026-02-06&sp=rl&sig=fake"}, ao)
	if err != nil {
		t.Fatal(err)
	}
	return s, c
}

// reference is the sequential flat listing through the SDK's own decoder:
// what every other way of listing must give, field for field.
func reference(t *testing.T, c *azstore.Container) map[string]blobscan.Object {
	t.Helper()
	want := map[string]blobscan.Object{}
	if err := c.ListFlat(testCtx(t), "", func(o blobscan.Object) error { want[o.Path] = o; return nil }); err != nil {
		t.Fatal(err)
	}
	return want
}

func sameInventory(t *testing.T, got, want map[string]blobscan.Object) {
	t.Helper()
	if len(got) != len(want) {
		missing := 0
		for p := range want {
			if _, ok := got[p]; !ok {
				missing++
			}
		}
		t.Fatalf("listed %d blobs, want %d (%d missing)", len(got), len(want), missing)
	}
	for _, p := range slices.Sorted(maps.Keys(want)) {
		if !reflect.DeepEqual(got[p], want[p]) {
			t.Fatalf("%s:\n got  %+v\n want %+v", p, got[p], want[p])
		}
	}
}

// TestRangeListingGivesTheSameInventoryInEveryMode lists big folders with
// range listing in XML and in Arrow, and from a service that ignores
// startFrom, and compares every field with the SDK's sequential listing.
func TestRangeListingGivesTheSameInventoryInEveryMode(t *testing.T) {
	shapes := []struct {
		name string
		ns   fakeblob.Namespace
		page int32
	}{
		{"one folder of 12,000 log backups, full pages", fakeblob.Namespace{Folders: 1, Sub: []string{"LOG"}, PerFolder: 12000, Size: 4096}, 0},
		{"one folder of 700 in pages of 13, split down to small ranges", fakeblob.Namespace{Prefix: "SRV/", Folders: 1, PerFolder: 700, Size: 99}, 13},
		{"Ola tree in pages of 9, root and folders split", fakeblob.Namespace{Prefix: "SRV01$SQL/", Folders: 40, Sub: []string{"DIFF", "FULL", "LOG"}, PerFolder: 15, Size: 77}, 9},
	}
	modes := []struct {
		name                  string
		opts                  fakeblob.Options
		wantArrow, wantRanges string
	}{
		{"XML with ranges", fakeblob.Options{}, "no", "yes"},
		{"Arrow with ranges", fakeblob.Options{Arrow: true}, "yes", "yes"},
		{"Arrow, startFrom ignored", fakeblob.Options{Arrow: true, IgnoreStartFrom: true}, "yes", "no"},
		{"XML, startFrom ignored", fakeblob.Options{IgnoreStartFrom: true}, "no", "no"},
	}
	for _, sh := range shapes {
		t.Run(sh.name, func(t *testing.T) {
			if sh.page > 0 {
				defer azstore.SetMinSplitPage(int(sh.page) / 2)()
			}
			_, plain := fakeContainer(t, sh.ns, fakeblob.Options{}, azstore.Options{Concurrency: 8})
			want := reference(t, plain)
			if len(want) != sh.ns.Len() {
				t.Fatalf("the reference listed %d of %d blobs", len(want), sh.ns.Len())
			}
			for _, m := range modes {
				t.Run(m.name, func(t *testing.T) {
					s, c := fakeContainer(t, sh.ns, m.opts, azstore.Options{Concurrency: 8, PageSize: sh.page})
					sameInventory(t, listAll(t, c, ""), want)
					arrow, ranges := azstore.ListingLearnt(c)
					if arrow != m.wantArrow || ranges != m.wantRanges {
						t.Fatalf("learnt Arrow %s, ranges %s; want %s, %s", arrow, ranges, m.wantArrow, m.wantRanges)
					}
					st := s.Stats()
					if m.wantRanges == "yes" && st.RangeLists == 0 {
						t.Fatal("no request carried startFrom")
					}
					// Where startFrom is ignored, only the first probes are
					// wasted: the listing is one chain per folder again.
					if pages := int64(sh.ns.Len()/max(1, int(sh.page))) + 1; m.wantRanges == "no" && st.ListItems > 2*int64(sh.ns.Len())+pages {
						t.Fatalf("%d items returned for %d blobs: the fallback relists", st.ListItems, sh.ns.Len())
					}
				})
			}
		})
	}
}

func TestRangeListingCutsABigFolderIntoParallelRanges(t *testing.T) {
	ns := fakeblob.Namespace{Folders: 1, Sub: []string{"LOG"}, PerFolder: 40000, Size: 1}
	for _, arrow := range []bool{false, true} {
		t.Run(fmt.Sprintf("arrow %v", arrow), func(t *testing.T) {
			s, c := fakeContainer(t, ns, fakeblob.Options{Arrow: arrow}, azstore.Options{Concurrency: 16})
			if got := listAll(t, c, ""); len(got) != ns.Len() {
				t.Fatalf("listed %d of %d", len(got), ns.Len())
			}
			st := s.Stats()
			// One marker chain is 8 full pages; ranges mean more, smaller
			// requests, and (with Arrow's endBefore) no name returned twice.
			if st.RangeLists < 8 {
				t.Fatalf("%d range requests: the folder was not split", st.RangeLists)
			}
			if arrow && st.ListItems > int64(ns.Len())+st.ListRequests {
				t.Fatalf("%d items returned for %d blobs in %d requests", st.ListItems, ns.Len(), st.ListRequests)
			}
			// XML has no endBefore: a range overshoots its end, by little.
			if !arrow && st.ListItems > int64(ns.Len())*13/10 {
				t.Fatalf("%d items returned for %d blobs: ranges relist what others list", st.ListItems, ns.Len())
			}
			t.Logf("%d requests, %d items", st.ListRequests, st.ListItems)
		})
	}
}

// TestRangeListingOnAzuriteListsWhatTheSDKLists: Azurite answers in XML and
// (3.35) ignores startFrom; a listing that splits folders must notice both
// and still list exactly what the SDK's sequential listing does, including
// a folder of files and subfolders whose pages end on a subfolder.
func TestRangeListingOnAzuriteListsWhatTheSDKLists(t *testing.T) {
	defer azstore.SetMinSplitPage(2)()
	_, c, upload := newContainer(t, azstore.Options{Concurrency: 4, PageSize: 4})
	for i := range 30 {
		upload(fmt.Sprintf("SRV/LOG/db_%06d.trn", i*7), []byte("x"))
	}
	for _, p := range []string{"SRV/LOG/db_000010/a.bak", "SRV/LOG/db_000100/b/c.bak", "SRV/LOG/zz/last.trn", "SRV/FULL/db.bak"} {
		upload(p, []byte("yy"))
	}
	want := reference(t, c)
	sameInventory(t, listAll(t, c, ""), want)
	arrow, ranges := azstore.ListingLearnt(c)
	if arrow != "no" || ranges == "unknown" {
		t.Fatalf("learnt Arrow %s, ranges %s: want Arrow no, and a split tried", arrow, ranges)
	}
	t.Logf("Azurite honours startFrom: %s", ranges)
}
