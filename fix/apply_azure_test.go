package fix

import (
	"context"
	"strings"
	"testing"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/internal/azurite"
	"github.com/baklint/baklint/internal/testutil"
	"github.com/baklint/baklint/layout"
)

func TestApplyConvertsTheOlaTreeToPageBlobsInAnotherContainer(t *testing.T) {
	ctx := context.Background()
	e := azurite.Get(t)
	src, dst := treeAndDest(t, e, testutil.SharedData(t, olaTree))
	before := contents(t, src)
	tags := etags(t, src)

	// Planning is a dry run: nothing changes anywhere.
	d := Plan(folderInventory(t, src), vm2014, Dest{Display: dst.Location()}, PlanOptions{})
	if !equalMaps(tags, etags(t, src)) || len(listAll(t, dst)) != 0 {
		t.Fatal("planning wrote to storage")
	}
	if len(d.Moves) < 50 {
		t.Fatalf("%d moves", len(d.Moves))
	}

	s, err := Apply(ctx, d, src, dst, ApplyOptions{Journal: t.TempDir() + "/plan.journal"})
	if err != nil {
		t.Fatal(err)
	}
	if s.Converted != len(d.Moves) || s.Failed+s.Skipped != 0 || !s.Streamed {
		t.Fatalf("summary %+v, want %d converted by streaming (Azurite has no Put Page From URL)", s, len(d.Moves))
	}
	after := contents(t, dst)
	if len(after) != len(d.Moves) {
		t.Errorf("%d blobs in the destination, want %d", len(after), len(d.Moves))
	}
	for _, m := range d.Moves {
		got := after[m.To]
		if got.Type != blobscan.PageBlob || got.SHA256 != before[m.From].SHA256 || got.Size != m.Size {
			t.Errorf("%s -> %s: got %+v, source %+v", m.From, m.To, got, before[m.From])
		}
		if strings.Count(m.To, "/") > 1 {
			t.Errorf("%s is nested", m.To)
		}
	}
	if !equalMaps(tags, etags(t, src)) {
		t.Error("the source container changed")
	}

	again, err := Apply(ctx, d, src, dst, ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if again.Done != len(d.Moves) || again.Bytes != 0 {
		t.Errorf("second apply without the journal: %+v, want all done", again)
	}
}

func TestApplyCopiesServerSideWhenTheBlobTypeIsKept(t *testing.T) {
	ctx := context.Background()
	e := azurite.Get(t)
	src, dst := treeAndDest(t, e, testutil.SharedData(t, olaTree+"/db1"))
	before := contents(t, src)
	inv := folderInventory(t, src)
	for i := range inv.Files {
		inv.Files[i].Database = "db1"
	}
	d := Plan(inv, vm2019, Dest{Display: dst.Location()}, PlanOptions{DeleteSource: true})
	s, err := Apply(ctx, d, src, dst, ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Moved != len(d.Moves) || s.Deleted != len(d.Moves) || s.Streamed || len(d.Moves) != 4 {
		t.Fatalf("summary %+v for %d moves", s, len(d.Moves))
	}
	after := contents(t, dst)
	for _, m := range d.Moves {
		st, err := dst.Stamp(ctx, m.To)
		if err != nil {
			t.Fatal(err)
		}
		if st.CopyStatus != "success" || st.SourceETag != m.ETag || st.State != blobscan.StampCopying {
			t.Errorf("%s: stamp %+v, want a successful Copy Blob of %s", m.To, st, m.ETag)
		}
		if after[m.To].SHA256 != before[m.From].SHA256 || after[m.To].Type != blobscan.BlockBlob {
			t.Errorf("%s: %+v", m.To, after[m.To])
		}
	}
	if n := len(listAll(t, src)); n != 0 {
		t.Errorf("%d sources left after a move", n)
	}
}

func TestApplyUploadsALocalFolderAndDownloadsItBack(t *testing.T) {
	ctx := context.Background()
	e := azurite.Get(t)
	srcDir := t.TempDir()
	testutil.CopyTree(t, testutil.SharedData(t, olaTree+"/ft1"), srcDir+"/ft1")
	testutil.CopyTree(t, testutil.SharedData(t, olaTree+"/db2"), srcDir+"/db2")
	local := newLocal(t, srcDir)
	before := contents(t, local)
	for _, tc := range []struct {
		target layout.Target
		typ    string
	}{{vm2014, blobscan.PageBlob}, {vm2019, blobscan.BlockBlob}} {
		t.Run(tc.target.Name, func(t *testing.T) {
			az := azContainer(t, e.BlobEndpoint, e.NewContainer(t), nil)
			d := Plan(folderInventory(t, local), tc.target, Dest{Display: az.Location()}, PlanOptions{})
			s, err := Apply(ctx, d, local, az, ApplyOptions{})
			if err != nil || s.Failed+s.Skipped != 0 || s.Moved+s.Converted != len(d.Moves) {
				t.Fatalf("upload: %+v %v", s, err)
			}
			up := contents(t, az)
			for _, m := range d.Moves {
				if up[m.To].Type != tc.typ || up[m.To].SHA256 != before[m.From].SHA256 {
					t.Errorf("%s: %+v", m.To, up[m.To])
				}
			}
			// And back down to a local folder: Azure -> local.
			back := newLocal(t, t.TempDir())
			inv := folderInventory(t, az)
			d2 := Plan(inv, tc.target, Dest{Display: back.Root, Local: true}, PlanOptions{})
			if s, err := Apply(ctx, d2, az, back, ApplyOptions{}); err != nil || s.Moved != len(d.Moves) {
				t.Fatalf("download: %+v %v", s, err)
			}
			down := contents(t, back)
			for _, m := range d.Moves {
				if down[m.To].SHA256 != before[m.From].SHA256 {
					t.Errorf("%s came back different", m.To)
				}
			}
		})
	}
}

func TestApplyNeverOverwritesADifferentBlob(t *testing.T) {
	ctx := context.Background()
	e := azurite.Get(t)
	src, dst := treeAndDest(t, e, testutil.SharedData(t, olaTree+"/db2"))
	d := Plan(folderInventory(t, src), vm2019, Dest{Display: dst.Location()}, PlanOptions{DeleteSource: true})
	if len(d.Moves) != 2 {
		t.Fatalf("%d moves", len(d.Moves))
	}
	taken := d.Moves[0]
	e.Upload(t, dst.Container(), map[string][]byte{taken.To: []byte("a different backup")})
	tag := etags(t, dst)[taken.To]
	s, err := Apply(ctx, d, src, dst, ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Skipped != 1 || s.Moved != 1 || !strings.Contains(s.Problems[0].Reason, "different content") {
		t.Fatalf("summary %+v", s)
	}
	if etags(t, dst)[taken.To] != tag {
		t.Error("the different blob was overwritten")
	}
	if _, ok := etags(t, src)[taken.From]; !ok {
		t.Error("the source of the refused move was deleted")
	}
}
