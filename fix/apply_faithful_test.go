package fix

import (
	"context"
	"path"
	"strings"
	"testing"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/internal/azfaithful"
	"github.com/baklint/baklint/internal/azurite"
	"github.com/baklint/baklint/internal/testutil"
)

// These tests run the fixer against the azfaithful proxy, so that the code
// paths Azure takes and Azurite cannot (Put Page From URL, pending and
// failed Copy Blob) run.

func TestApplyConvertsTheOlaTreeWithPutPageFromURLAndNoBytesThroughTheClient(t *testing.T) {
	ctx := context.Background()
	e := azurite.Get(t)
	p := faithful(t, e, azfaithful.Options{})
	srcName, dstName := e.NewContainer(t), e.NewContainer(t)
	e.Upload(t, srcName, testutil.ReadTree(t, testutil.SharedData(t, olaTree)))
	// Observed straight at Azurite, so the checks add nothing to the counts.
	want := contents(t, azContainer(t, e.BlobEndpoint, srcName, nil))
	src, dst := azContainer(t, p.Endpoint(), srcName, nil), azContainer(t, p.Endpoint(), dstName, nil)
	d := Plan(folderInventory(t, src), vm2014, Dest{Display: dst.Location()}, PlanOptions{})
	var pages int64
	for _, m := range d.Moves {
		pages += m.Size / 512
	}
	before := p.Stats()
	s, err := Apply(ctx, d, src, dst, ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	after := p.Stats()
	if s.Converted != len(d.Moves) || s.Failed+s.Skipped != 0 || s.Streamed || len(d.Moves) < 50 {
		t.Fatalf("summary %+v, want %d conversions, none streamed", s, len(d.Moves))
	}
	if got := after.Pages - before.Pages; got != pages {
		t.Errorf("%d pages written by Put Page From URL, want every page of the %d moves: %d", got, len(d.Moves), pages)
	}
	// The preflight writes one byte (an uncommitted block) and reads one;
	// no backup byte passes through the client.
	if up, down := after.ClientBytesUp-before.ClientBytesUp, after.ClientBytesDown-before.ClientBytesDown; up != 1 || down != 1 {
		t.Errorf("%d bytes uploaded and %d downloaded by the client, want only the preflight's 1 each way", up, down)
	}
	got := contents(t, azContainer(t, e.BlobEndpoint, dstName, nil))
	for _, m := range d.Moves {
		if g := got[m.To]; g.Type != blobscan.PageBlob || g.SHA256 != want[m.From].SHA256 {
			t.Errorf("%s -> %s: %+v, source %+v", m.From, m.To, g, want[m.From])
		}
	}
}

func TestApplyReportsAFailedCopyAndNeverCountsItDone(t *testing.T) {
	ctx := context.Background()
	e := azurite.Get(t)
	p := faithful(t, e, azfaithful.Options{})
	srcName, dstName := e.NewContainer(t), e.NewContainer(t)
	e.Upload(t, srcName, testutil.ReadTree(t, testutil.SharedData(t, olaTree+"/db2")))
	src, dst := azContainer(t, p.Endpoint(), srcName, nil), azContainer(t, p.Endpoint(), dstName, nil)
	d := Plan(folderInventory(t, src), vm2019, Dest{Display: dst.Location()}, PlanOptions{DeleteSource: true})
	if len(d.Moves) != 2 {
		t.Fatalf("%d moves", len(d.Moves))
	}
	bad := d.Moves[0]
	p.SetFailCopy(func(name string) bool { return name == dstName+"/"+bad.To })
	journal := t.TempDir() + "/plan.journal"
	s, err := Apply(ctx, d, src, dst, ApplyOptions{Journal: journal})
	if err != nil {
		t.Fatal(err)
	}
	if s.Failed != 1 || s.Moved != 1 || s.Deleted != 1 || len(s.Problems) != 1 || !strings.Contains(s.Problems[0].Reason, "failed") {
		t.Fatalf("summary %+v, want the failed copy reported and the other moved", s)
	}
	if s.ExitCode() != 4 {
		t.Errorf("exit %d, want 4", s.ExitCode())
	}
	if _, ok := etags(t, src)[bad.From]; !ok {
		t.Error("the source of the failed copy was deleted")
	}
	if _, ok := etags(t, dst)[bad.To]; ok {
		t.Error("the failed copy was left where it could pass for a good one")
	}
	// Rerun: the failed move is copied again, not taken as done.
	p.SetFailCopy(nil)
	again, err := Apply(ctx, d, src, dst, ApplyOptions{Journal: journal})
	if err != nil || !again.Complete() || again.Moved != 1 || again.Done != 1 {
		t.Fatalf("rerun: %+v %v, want the failed move copied and the other already done", again, err)
	}
	if st, err := dst.Stamp(ctx, bad.To); err != nil || st.CopyStatus != "success" {
		t.Errorf("%s: %+v %v", path.Base(bad.To), st, err)
	}
}
