package fix

import (
	"context"
	"errors"
	"path"
	"sync/atomic"
	"testing"

	"github.com/baklint/baklint/blobscan"
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
// nothing per move; after an apply, every name is read and found done.
func TestInspectDestListsEachFolderOnceAndReadsOnlyNamesItHolds(t *testing.T) {
	ctx := context.Background()
	src, dst := localSetup(t)
	d := localPlan(t, src, dst, false)
	folders := map[string]bool{}
	for _, m := range d.Moves {
		folders[path.Dir(m.To)] = true
	}
	cd := &countingDest{Local: dst}
	if err := InspectDest(ctx, d, src, cd, false); err != nil {
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

	if _, err := Apply(ctx, d, src, dst, ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	again := localPlan(t, src, dst, false)
	cd = &countingDest{Local: dst}
	if err := InspectDest(ctx, again, src, cd, false); err != nil {
		t.Fatal(err)
	}
	if n := cd.properties.Load(); n != int64(len(again.Moves)) {
		t.Errorf("%d property reads for %d names the destination holds", n, len(again.Moves))
	}
	for _, m := range again.Moves {
		if m.Dest != DestDone {
			t.Errorf("%s: %q after the apply, want done", m.To, m.Dest)
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

// A folder whose listing failed on the way is not taken as empty: each of
// its names is read, and a destination holding the copies is still "done".
func TestInspectDestReadsEachNameOfAFolderWhoseListingFailed(t *testing.T) {
	ctx := context.Background()
	src, dst := localSetup(t)
	d := localPlan(t, src, dst, false)
	if _, err := Apply(ctx, d, src, dst, ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	again := localPlan(t, src, dst, false)
	fd := &failingListDest{countingDest{Local: dst}}
	if err := InspectDest(ctx, again, src, fd, false); err != nil {
		t.Fatal(err)
	}
	if n := fd.properties.Load(); n != int64(len(again.Moves)) {
		t.Errorf("%d property reads for %d names in folders whose listing failed", n, len(again.Moves))
	}
	for _, m := range again.Moves {
		if m.Dest != DestDone {
			t.Errorf("%s: %q, want done: the listing failed, the name is there", m.To, m.Dest)
		}
	}
}
