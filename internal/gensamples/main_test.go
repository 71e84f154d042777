package main

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/baklint/baklint/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite testdata/layouts from the generator")

const committed = "../../testdata/layouts"

func TestCommittedLayoutsMatchTheGenerator(t *testing.T) {
	if *update {
		if _, err := write(committed); err != nil {
			t.Fatal(err)
		}
	}
	tmp := t.TempDir()
	n, err := write(tmp)
	if err != nil {
		t.Fatal(err)
	}
	want, got := testutil.ReadTree(t, tmp), testutil.ReadTree(t, committed)
	if len(want) != n {
		t.Fatalf("generator reported %d files, wrote %d", n, len(want))
	}
	for p, b := range want {
		c, ok := got[p]
		switch {
		case !ok:
			t.Errorf("%s: generated but not committed (run go test ./internal/gensamples -update)", p)
		case !bytes.Equal(b, c):
			t.Errorf("%s: committed bytes differ from the generator (run go test ./internal/gensamples -update)", p)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("%s: committed but no longer generated", p)
		}
	}
}

func TestGeneratorIsDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if _, err := write(a); err != nil {
		t.Fatal(err)
	}
	if _, err := write(b); err != nil {
		t.Fatal(err)
	}
	ta, tb := testutil.ReadTree(t, a), testutil.ReadTree(t, b)
	if len(ta) != len(tb) {
		t.Fatalf("%d vs %d files", len(ta), len(tb))
	}
	for p := range ta {
		if !bytes.Equal(ta[p], tb[p]) {
			t.Errorf("%s differs between two runs", p)
		}
	}
}

func generated(t *testing.T) map[string][]byte {
	t.Helper()
	dir := t.TempDir()
	if _, err := write(dir); err != nil {
		t.Fatal(err)
	}
	return testutil.ReadTree(t, dir)
}

func TestLayoutsStaySmall(t *testing.T) {
	total := 0
	for p, b := range generated(t) {
		if len(b) > 64<<10 {
			t.Errorf("%s: %d bytes, over 64 KiB", p, len(b))
		}
		total += len(b)
	}
	if total > 3<<20 {
		t.Errorf("layouts total %d bytes, over 3 MB", total)
	}
	t.Logf("layouts: %d bytes", total)
}

func TestEveryLayoutIsDescribedInTheReadme(t *testing.T) {
	readme, err := os.ReadFile("../../testdata/README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range layouts() {
		if !strings.Contains(string(readme), "`"+l.name+"/`") {
			t.Errorf("testdata/README.md does not describe layout %s/", l.name)
		}
	}
}
