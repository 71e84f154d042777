package fix

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/internal/testutil"
)

// localSetup copies the Ola tree into a source folder and makes an empty
// destination folder.
func localSetup(t *testing.T) (src, dst *blobscan.Local) {
	t.Helper()
	srcDir, dstDir := filepath.Join(t.TempDir(), "src"), filepath.Join(t.TempDir(), "dst")
	testutil.CopyTree(t, testutil.SharedData(t, olaTree), srcDir)
	if err := os.MkdirAll(dstDir, 0o755); err != nil {
		t.Fatal(err)
	}
	return newLocal(t, srcDir), newLocal(t, dstDir)
}

func localPlan(t *testing.T, src, dst *blobscan.Local, deleteSource bool) *PlanDoc {
	t.Helper()
	return Plan(folderInventory(t, src), vm2014, Dest{Display: dst.Location(), Local: true}, PlanOptions{DeleteSource: deleteSource})
}

func TestApplyLocalToLocalFlattensTheOlaTree(t *testing.T) {
	ctx := context.Background()
	src, dst := localSetup(t)
	before := contents(t, src)
	d := localPlan(t, src, dst, false)
	if len(d.Moves) < 50 {
		t.Fatalf("only %d moves planned for the Ola tree", len(d.Moves))
	}
	journal := filepath.Join(t.TempDir(), "plan.json.journal")
	s, err := Apply(ctx, d, src, dst, ApplyOptions{Journal: journal})
	if err != nil {
		t.Fatal(err)
	}
	if s.Moved != len(d.Moves) || s.Failed != 0 || s.Skipped != 0 || s.Bytes == 0 {
		t.Fatalf("summary %+v, want %d moved", s, len(d.Moves))
	}
	after := contents(t, dst)
	if len(after) != len(d.Moves) {
		t.Errorf("destination holds %d files, want %d (no leftovers)", len(after), len(d.Moves))
	}
	for _, m := range d.Moves {
		got, ok := after[m.To]
		if !ok || got.SHA256 != before[m.From].SHA256 || got.Size != m.Size {
			t.Errorf("%s -> %s: destination %+v, source %+v", m.From, m.To, got, before[m.From])
		}
		if strings.Count(m.To, "/") != 1 {
			t.Errorf("%s is deeper than <db>/<file>", m.To)
		}
	}
	if !equalMaps(before, contents(t, src)) {
		t.Error("the source changed, though delete_source was off")
	}

	// Idempotence: a second run, with and without the journal, writes
	// nothing and reports everything done.
	for _, j := range []string{journal, ""} {
		tags := etags(t, dst)
		s, err := Apply(ctx, d, src, dst, ApplyOptions{Journal: j})
		if err != nil {
			t.Fatal(err)
		}
		if s.Done != len(d.Moves) || s.Moved+s.Converted+s.Skipped+s.Failed != 0 || s.Bytes != 0 {
			t.Errorf("rerun (journal %q): %+v, want all %d done", j, s, len(d.Moves))
		}
		if !equalMaps(tags, etags(t, dst)) {
			t.Errorf("rerun (journal %q) rewrote files", j)
		}
	}
}

func TestApplyWithDeleteSourceMovesAndDeletesOnlyVerifiedCopies(t *testing.T) {
	src, dst := localSetup(t)
	before := contents(t, src)
	d := localPlan(t, src, dst, true)
	s, err := Apply(context.Background(), d, src, dst, ApplyOptions{Journal: filepath.Join(t.TempDir(), "j")})
	if err != nil {
		t.Fatal(err)
	}
	if s.Moved != len(d.Moves) || s.Deleted != len(d.Moves) {
		t.Fatalf("summary %+v", s)
	}
	left := contents(t, src)
	after := contents(t, dst)
	for _, m := range d.Moves {
		if _, ok := left[m.From]; ok {
			t.Errorf("%s was not deleted", m.From)
		}
		if after[m.To].SHA256 != before[m.From].SHA256 {
			t.Errorf("%s: copy does not match the deleted source", m.To)
		}
	}
	// What the plan skipped (the unattributed file at the root) stays.
	for _, sk := range d.Skipped {
		if _, ok := left[sk.Path]; !ok {
			t.Errorf("skipped %s was deleted", sk.Path)
		}
	}
	if s.ExitCode() != 4 || len(d.Skipped) == 0 {
		t.Errorf("exit code %d with %d files left out, want 4", s.ExitCode(), len(d.Skipped))
	}
}

func TestApplyNeverOverwritesADifferentDestination(t *testing.T) {
	ctx := context.Background()
	src, dst := localSetup(t)
	d := localPlan(t, src, dst, true)
	taken, same := d.Moves[0], d.Moves[1]
	// A different file at one destination, an identical one at another.
	mustWrite(t, filepath.Join(dst.Root, taken.To), []byte("someone else's backup"))
	b, err := os.ReadFile(filepath.Join(src.Root, same.From))
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, filepath.Join(dst.Root, same.To), b)

	s, err := Apply(ctx, d, src, dst, ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dst.Root, taken.To)); string(got) != "someone else's backup" {
		t.Error("the different destination was overwritten")
	}
	if s.Skipped != 1 || s.Done != 1 || s.Moved != len(d.Moves)-2 || len(s.Problems) != 1 || !strings.Contains(s.Problems[0].Reason, "different content") {
		t.Errorf("summary %+v", s)
	}
	if _, err := os.Stat(filepath.Join(src.Root, taken.From)); err != nil {
		t.Errorf("the source of the refused move was deleted: %v", err)
	}
	if s.ExitCode() != 4 {
		t.Errorf("exit code %d, want 4", s.ExitCode())
	}
}

func TestApplySkipsSourcesChangedSincePlanning(t *testing.T) {
	src, dst := localSetup(t)
	d := localPlan(t, src, dst, true)
	m := d.Moves[0]
	p := filepath.Join(src.Root, m.From)
	future := time.Now().Add(time.Hour)
	if err := os.Chtimes(p, future, future); err != nil {
		t.Fatal(err)
	}
	s, err := Apply(context.Background(), d, src, dst, ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Skipped != 1 || !strings.Contains(s.Problems[0].Reason, "changed since planning") {
		t.Fatalf("summary %+v", s)
	}
	if _, err := os.Stat(filepath.Join(dst.Root, m.To)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a changed source was copied: %v", err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Errorf("a changed source was deleted: %v", err)
	}
}

func TestApplyRefusesBadInputsWithoutWriting(t *testing.T) {
	ctx := context.Background()
	src, dst := localSetup(t)
	d := localPlan(t, src, dst, false)
	srcTags := etags(t, src)

	other := localPlan(t, src, dst, false)
	other.Dest = "elsewhere" // another plan: another checksum
	other.Seal()
	otherJournal := filepath.Join(t.TempDir(), "other.journal")
	if _, err := Apply(ctx, other, src, newLocal(t, t.TempDir()), ApplyOptions{Journal: otherJournal}); err != nil {
		t.Fatal(err)
	}
	missing := newLocal(t, t.TempDir())
	if err := os.Remove(missing.Root); err != nil {
		t.Fatal(err)
	}
	edited := *d
	edited.Seal()
	edited.Moves = append([]Move(nil), d.Moves...)
	edited.Moves[0].ETag = "edited"

	tests := []struct {
		name    string
		plan    *PlanDoc
		dst     *blobscan.Local
		journal string
		want    string
	}{
		{"missing destination", d, missing, "", "does not exist"},
		{"edited plan", &edited, dst, "", "changed after planning"},
		{"journal of another plan", d, dst, otherJournal, "belongs to another plan"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Apply(ctx, tc.plan, src, tc.dst, ApplyOptions{Journal: tc.journal})
			if !IsBadInput(err) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want ErrBadInput with %q", err, tc.want)
			}
			if n := len(listAll(t, dst)); n != 0 {
				t.Errorf("%d files written to the destination", n)
			}
			if !equalMaps(srcTags, etags(t, src)) {
				t.Error("the source changed")
			}
		})
	}
}

func TestApplyDoesNotFollowALinkOutOfTheDestination(t *testing.T) {
	src, dst := localSetup(t)
	d := localPlan(t, src, dst, false)
	outside := t.TempDir()
	db := path.Dir(d.Moves[0].To)
	if err := os.Symlink(outside, filepath.Join(dst.Root, db)); err != nil {
		t.Skipf("no symlinks: %v", err)
	}
	s, err := Apply(context.Background(), d, src, dst, ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("%d files written outside the destination through a link", len(entries))
	}
	if s.Failed == 0 {
		t.Errorf("moves into the linked folder did not fail: %+v", s)
	}
}

func TestApplyPlansHostileNamesInsideTheDestination(t *testing.T) {
	ctx := context.Background()
	src := newLocal(t, t.TempDir())
	dst := newLocal(t, t.TempDir())
	body := bytes.Repeat([]byte{7}, 1024)
	for _, p := range []string{"a/x.bak", "b/y.bak"} {
		mustWrite(t, filepath.Join(src.Root, p), body)
	}
	inv := folderInventory(t, src)
	inv.Files[0].Database = "../"
	inv.Files[1].Database = "..\\..\\etc"
	d := Plan(inv, vm2019, Dest{Display: dst.Root, Local: true, Prefix: "p"}, PlanOptions{})
	if len(d.Moves) != 2 {
		t.Fatalf("moves %+v skipped %+v", d.Moves, d.Skipped)
	}
	if _, err := Apply(ctx, d, src, dst, ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	got := listAll(t, dst)
	if len(got) != 2 {
		t.Fatalf("destination holds %v", got)
	}
	for _, o := range got {
		if !strings.HasPrefix(o.Path, "p/_unsafe_") {
			t.Errorf("%s is not under p/_unsafe_<hash>/", o.Path)
		}
	}
	parent := filepath.Dir(dst.Root)
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".bak") {
			t.Errorf("%s written next to the destination", e.Name())
		}
	}
}

func mustWrite(t testing.TB, p string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

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
