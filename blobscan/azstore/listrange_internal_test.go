package azstore

import (
	"slices"
	"strings"
	"testing"

	"github.com/baklint/baklint/blobscan"
)

func TestTheRestOfAFolderStartsAfterItsLastNameOrSubtree(t *testing.T) {
	tests := []struct {
		name    string
		page    page
		in, out []string
	}{
		{"after a blob: the blob itself is not listed again",
			page{last: "F/a0099.trn"}, []string{"F/a0100.trn", "F/b/x.bak"}, []string{"F/a0099.trn", "F/a0098.trn"}},
		{"after a folder: its files are its own task's",
			page{last: "F/sub/", lastIsDir: true}, []string{"F/sub0.bak", "F/suc", "F/z/y.trn"}, []string{"F/sub/", "F/sub/a.bak", "F/sub/zzz/q.trn"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rest := restAfter(listTask{folder: "F/"}, tc.page)
			for _, n := range tc.in {
				if !rest.inRange(n) {
					t.Errorf("%q is left out of the rest %+v", n, rest)
				}
			}
			for _, n := range tc.out {
				if rest.inRange(n) {
					t.Errorf("%q would be listed twice by the rest %+v", n, rest)
				}
			}
		})
	}
}

func TestCandidatesCutWhatIsLeftByOrderOfMagnitude(t *testing.T) {
	objs := []blobscan.Object{{Path: "L/db_000000.trn"}, {Path: "L/db_004999.trn"}}
	alpha := func(j int) []byte { return alphabetAt(objs, j) }
	got := candidates("L/", "L/db_000000.trn", "L/db_004999.trn", "", alpha)
	for _, want := range []string{"L/db_005", "L/db_009", "L/db_01", "L/db_09", "L/db_1", "L/db_9"} {
		if !slices.Contains(got, want) {
			t.Errorf("no cut at %q in %q", want, got)
		}
	}
	for _, c := range got {
		if strings.ContainsAny(c[len("L/db_"):], "_bdtrn.") {
			t.Errorf("cut %q at a byte the page never has there: a wasted probe", c)
		}
		if c <= "L/db_004999.trn" {
			t.Errorf("cut %q is not after the page", c)
		}
	}
	bounded := candidates("L/", "L/db_010000.trn", "L/db_014999.trn", "L/db_02", alpha)
	for _, c := range bounded {
		if c >= "L/db_02" {
			t.Errorf("cut %q is not before the range's end", c)
		}
	}
	if len(bounded) == 0 || !slices.IsSorted(got) {
		t.Fatalf("cuts %q, bounded %q", got, bounded)
	}
}
