package fix

import (
	"context"
	"testing"

	"github.com/baklint/baklint/blobscan"
)

func TestApplyReportsProgressOncePerMove(t *testing.T) {
	src, err := blobscan.NewLocal("../testdata/layouts/ola")
	if err != nil {
		t.Fatal(err)
	}
	dst, err := blobscan.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	inv := folderInventory(t, src)
	plan := Plan(inv, mustTarget("any"), Dest{Display: dst.Location(), Local: true}, PlanOptions{})
	var seen []int
	s, err := Apply(context.Background(), plan, src, dst, ApplyOptions{Progress: func(n int) { seen = append(seen, n) }})
	if err != nil || !s.Complete() {
		t.Fatalf("apply: %+v %v", s, err)
	}
	if len(seen) != len(plan.Moves) || seen[len(seen)-1] != len(plan.Moves) {
		t.Fatalf("progress calls %v for %d moves", seen, len(plan.Moves))
	}
	for i, n := range seen {
		if n != i+1 {
			t.Fatalf("progress went %v: not one step per move", seen)
		}
	}
}
