package fix

import (
	"context"
	"testing"

	"github.com/baklint/baklint/internal/azfaithful"
	"github.com/baklint/baklint/internal/azurite"
	"github.com/baklint/baklint/layout"
)

// A blob named with "." or ".." segments is copied with its own bytes. The
// service resolves such segments in a copy-source URL, so a server-side
// copy of SRV/db1/../db0/FULL/y.bak would read SRV/db0/FULL/y.bak: a
// different backup, copied without an error.
func TestApplyCopiesDotSegmentNamesNotTheBlobTheirURLResolvesTo(t *testing.T) {
	ctx := context.Background()
	e := azurite.Get(t)
	const dotted, decoy = "SRV/db1/../db0/FULL/y.bak", "SRV/db0/FULL/y.bak"
	data := map[string][]byte{dotted: other(make([]byte, 64<<10)), decoy: make([]byte, 64<<10)}
	for _, target := range []layout.Target{vm2019, vm2014} { // Copy Blob; Put Page From URL
		t.Run(target.Name, func(t *testing.T) {
			p := faithful(t, e, azfaithful.Options{})
			src := azContainer(t, p.Endpoint(), seed(t, e, data).Name, nil)
			dstName := e.NewContainer(t)
			dst := azContainer(t, p.Endpoint(), dstName, nil)
			d := Plan(dbInventory(t, src), target, Dest{Display: dst.Location()}, PlanOptions{})
			var notes events
			s, err := Apply(ctx, d, src, dst, ApplyOptions{OnEvent: notes.add})
			if err != nil || !s.Complete() || len(d.Moves) != 2 {
				t.Fatalf("%+v %v for %d moves", s, err, len(d.Moves))
			}
			want := contents(t, azContainer(t, e.BlobEndpoint, src.Name, nil))
			got := contents(t, azContainer(t, e.BlobEndpoint, dstName, nil))
			for _, m := range d.Moves {
				if got[m.To].SHA256 != want[m.From].SHA256 {
					t.Errorf("%s -> %s does not hold the bytes of %s", m.From, m.To, m.From)
				}
			}
			if !notes.noted("'.' or '..' path segments") {
				t.Errorf("the run did not say why %s went through this machine: %+v", dotted, notes)
			}
		})
	}
}
