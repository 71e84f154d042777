package fix

import (
	"context"
	"errors"
	"path"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/errclass"
)

// countingDest counts the per-name reads of a destination.
type countingDest struct {
	*blobscan.Local
	properties, lists atomic.Int64
}

func (c *countingDest) Properties(ctx context.Context, p string) (blobscan.Object, error) {
	c.properties.Add(1)
	return c.Local.Properties(ctx, p)
}

func (c *countingDest) List(ctx context.Context, prefix string, fn func(blobscan.Object) error, onErr func(string, error)) error {
	c.lists.Add(1)
	return c.Local.List(ctx, prefix, fn, onErr)
}

// A dry run into an empty destination lists each folder once and asks
// nothing per move.
func TestInspectDestListsEachFolderOnceAndReadsNoNameOfAnEmptyDestination(t *testing.T) {
	src, dst := localSetup(t)
	d := localPlan(t, src, dst, false)
	folders := map[string]bool{}
	for _, m := range d.Moves {
		folders[path.Dir(m.To)] = true
	}
	cd := &countingDest{Local: dst}
	if err := InspectDest(context.Background(), d, src, cd, false); err != nil {
		t.Fatal(err)
	}
	if n := cd.properties.Load(); n != 0 {
		t.Errorf("%d property reads of an empty destination, want 0", n)
	}
	if n := cd.lists.Load(); n != int64(len(folders)) {
		t.Errorf("%d listings for %d destination folders", n, len(folders))
	}
	for _, m := range d.Moves {
		if m.Dest != DestNew {
			t.Errorf("%s: %q in an empty destination, want new", m.To, m.Dest)
		}
	}
}

// failingListDest lists nothing and reports a failure for every folder, as
// a listing throttled past its retries does: the listing returns nil, the
// failure reaches onErr.
type failingListDest struct{ countingDest }

func (f *failingListDest) List(ctx context.Context, prefix string, fn func(blobscan.Object) error, onErr func(string, error)) error {
	if onErr != nil {
		onErr(prefix, errors.New("HTTP 503 after retries"))
	}
	return nil
}

// After an apply, every name is read and found done: the names a listing
// holds, and all names of a folder whose listing failed on the way (not
// taken as empty, which would call them new).
func TestReadDestReadsTheNamesTheDestinationHoldsAndFindsThemDone(t *testing.T) {
	ctx := context.Background()
	src, dst := localSetup(t)
	if _, err := Apply(ctx, localPlan(t, src, dst, false), src, dst, ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, failed := range []bool{false, true} {
		again := localPlan(t, src, dst, false)
		cd := &countingDest{Local: dst}
		listed, err := listDestFolders(ctx, again, cd)
		if err != nil {
			t.Fatal(err)
		}
		if failed {
			for _, f := range listed {
				f.objs, f.incomplete = nil, errors.New("HTTP 503 after retries")
			}
		}
		if err := readDest(ctx, again, src, cd, listed); err != nil {
			t.Fatal(err)
		}
		if n := cd.properties.Load(); n != int64(len(again.Moves)) {
			t.Errorf("listing failed %v: %d property reads for %d names the destination holds", failed, n, len(again.Moves))
		}
		for _, m := range again.Moves {
			if m.Dest != DestDone {
				t.Errorf("listing failed %v: %s is %q after the apply, want done", failed, m.To, m.Dest)
			}
		}
	}
}

// A destination folder whose listing failed on the way may hold another
// database that the listing missed: the dry run stops with a storage error
// naming the folder rather than call the folder safe.
func TestInspectDestStopsWhenADestinationFolderCannotBeListedWhole(t *testing.T) {
	src, dst := localSetup(t)
	d := localPlan(t, src, dst, false)
	err := InspectDest(context.Background(), d, src, &failingListDest{countingDest{Local: dst}}, false)
	if !errors.Is(err, errclass.Storage) || !strings.Contains(err.Error(), path.Dir(d.Moves[0].To)) || !strings.Contains(err.Error(), "503") {
		t.Errorf("err %v, want a storage error naming the folder and the failure", err)
	}
}
