package fix

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// A program following a run (fix --apply --format json) needs each move as
// one event that names it, and a rerun must say "done" rather than copy.
func TestApplyReportsEachMoveAsOneEventNamingItsSourceAndDestination(t *testing.T) {
	ctx := context.Background()
	src, dst := localSetup(t)
	d := localPlan(t, src, dst, false)
	for run, want := range []EventKind{EventCopied, EventDone} {
		var got events
		if _, err := Apply(ctx, d, src, dst, ApplyOptions{OnEvent: got.add}); err != nil {
			t.Fatal(err)
		}
		if len(got) != len(d.Moves) {
			t.Fatalf("run %d: %d events for %d moves", run+1, len(got), len(d.Moves))
		}
		to := map[string]string{}
		for _, m := range d.Moves {
			to[m.From] = m.To
		}
		for _, ev := range got {
			if ev.Kind != want || ev.To == "" || to[ev.From] != ev.To {
				t.Errorf("run %d: event %+v, want %s of a planned move", run+1, ev, want)
			}
			delete(to, ev.From)
		}
		if len(to) != 0 {
			t.Errorf("run %d: no event for %d moves", run+1, len(to))
		}
	}
}

func TestAFailedOrSkippedMoveEventSaysWhy(t *testing.T) {
	ctx := context.Background()
	src, dst := localSetup(t)
	d := localPlan(t, src, dst, false)
	gone, changed := d.Moves[0], d.Moves[1]
	if err := os.Remove(filepath.Join(src.Root, filepath.FromSlash(gone.From))); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, filepath.Join(src.Root, filepath.FromSlash(changed.From)), []byte("changed since planning"))
	var got events
	if _, err := Apply(ctx, d, src, dst, ApplyOptions{OnEvent: got.add}); err != nil {
		t.Fatal(err)
	}
	why := map[string]Event{}
	for _, ev := range got {
		why[ev.From] = ev
	}
	for _, from := range []string{gone.From, changed.From} {
		if ev := why[from]; ev.Kind != EventSkipped || ev.Reason == "" {
			t.Errorf("%s: event %+v, want skipped with a reason", from, ev)
		}
	}
}
