package fix

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// Copy now, --delete-source later: the second run must not trust the
// journal's "verified" when the copy has since disappeared.
func TestDeleteSourceLaterReverifiesACopyThatWasRemovedSince(t *testing.T) {
	ctx := context.Background()
	src, dst := localSetup(t)
	before := contents(t, src)
	d := localPlan(t, src, dst, false)
	journal := filepath.Join(t.TempDir(), "plan.json.journal")
	if s, err := Apply(ctx, d, src, dst, ApplyOptions{Journal: journal}); err != nil || s.Moved != len(d.Moves) {
		t.Fatalf("copy run: %+v %v", s, err)
	}
	gone := d.Moves[0]
	if err := os.Remove(filepath.Join(dst.Root, filepath.FromSlash(gone.To))); err != nil {
		t.Fatal(err)
	}
	s, err := Apply(ctx, d, src, dst, ApplyOptions{Journal: journal, DeleteSource: true})
	if err != nil {
		t.Fatal(err)
	}
	after := contents(t, dst)
	if got := after[gone.To]; got.SHA256 != before[gone.From].SHA256 {
		t.Fatalf("the removed copy %s was not restored before its source was deleted: %+v (summary %+v)", gone.To, got, s)
	}
	if s.Deleted != len(d.Moves) || len(listAll(t, src)) != len(d.Skipped) {
		t.Errorf("summary %+v, %d sources left; want every planned source deleted after verification", s, len(listAll(t, src)))
	}
	for _, m := range d.Moves {
		if after[m.To].SHA256 != before[m.From].SHA256 {
			t.Errorf("%s: source deleted but the copy is %+v", m.From, after[m.To])
		}
	}
}

// A link at the destination pointing at the source has the source's bytes,
// but it is not a copy: deleting the source would leave nothing.
func TestALinkToTheSourceAtTheDestinationIsNotACopy(t *testing.T) {
	ctx := context.Background()
	src, dst := localSetup(t)
	d := localPlan(t, src, dst, true)
	m := d.Moves[0]
	link := filepath.Join(dst.Root, filepath.FromSlash(m.To))
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(src.Root, filepath.FromSlash(m.From)), link); err != nil {
		t.Skipf("no symlinks: %v", err)
	}
	s, err := Apply(ctx, d, src, dst, ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(src.Root, filepath.FromSlash(m.From))); err != nil {
		t.Fatalf("the source behind the link was deleted: %v (summary %+v)", err, s)
	}
	if s.Skipped != 1 || s.Deleted != len(d.Moves)-1 {
		t.Errorf("summary %+v: want that one move skipped and every other source moved", s)
	}
}

// A run killed while writing the journal's first record did nothing under
// it; the next run must start over, not refuse the journal as foreign.
func TestAJournalTornInItsFirstRecordStartsOver(t *testing.T) {
	ctx := context.Background()
	src, dst := localSetup(t)
	d := localPlan(t, src, dst, false)
	journal := filepath.Join(t.TempDir(), "plan.json.journal")
	if err := os.WriteFile(journal, []byte(`{"event":"begin","plan_sh`), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Apply(ctx, d, src, dst, ApplyOptions{Journal: journal})
	if err != nil || s.Moved != len(d.Moves) {
		t.Fatalf("apply over a torn journal: %+v %v", s, err)
	}
	if err := os.WriteFile(journal, []byte("{\"event\":\"copied\"}\n{\"event\":\"begin\"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Apply(ctx, d, src, dst, ApplyOptions{Journal: journal}); !IsBadInput(err) {
		t.Errorf("a journal with records but no valid begin was accepted: %v", err)
	}
}
