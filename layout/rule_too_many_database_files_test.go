package layout

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/baklint/baklint/bakhdr"
)

// nDataFiles is a file list of n files: n-1 data files and one log file.
func nDataFiles(n int) []bakhdr.DatabaseFile {
	files := []bakhdr.DatabaseFile{logFile("Sales_log", `C:\D\Sales_log.ldf`, 1)}
	for i := 1; i < n; i++ {
		files = append(files, dataFile(fmt.Sprintf("Sales_%d", i), fmt.Sprintf(`C:\D\Sales_%d.ndf`, i), 1))
	}
	return files
}

func TestTooManyDatabaseFilesFiresBeyond280Files(t *testing.T) {
	partial := fullWith(nDataFiles(281)...)
	partialList()(&partial)
	testRule(t, "too-many-database-files", lrsTargets, []ruleCase{
		{name: "281 files", inv: inv(fullWith(nDataFiles(281)...)), want: []string{"Sales/full.bak"}},
		{name: "280 files", inv: inv(fullWith(nDataFiles(280)...))},
		{name: "281 files read of a longer list", inv: inv(partial), want: []string{"Sales/full.bak"}},
	})
	fs := findingsOf(Lint(inv(partial), mustTarget(t, "mi")), "too-many-database-files")
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "at least 281 database files") {
		t.Errorf("findings %+v: a list read in part is a lower bound, want \"at least 281\"", fs)
	}
}

// Through a real scan (blobscan's local store: a 256 KiB head and a 256 KiB
// tail per file), a list of 400 files, longer than the head holds, is
// completed from the trailer's copy in the tail and counted exactly. One of
// 2,000 files is not: head and tail hold its first and last few hundred
// records with nothing in common, and together they are a lower bound,
// above the limit all the same.
func TestTooManyDatabaseFilesCountsLongListsReadThroughARealScan(t *testing.T) {
	for _, tc := range []struct {
		files    int
		complete bool
	}{{400, true}, {2000, false}} {
		files := nDataFiles(tc.files)
		in := build(t, placed{"Big/full.bak": synthFull("Big", files...)})
		h := in.Files[0].Header
		if h == nil {
			t.Fatalf("%d files: no header: %+v", tc.files, in.Files[0])
		}
		n, complete := len(h.Files), !slices.Contains(h.Unknown, "files")
		t.Logf("%d files: the scan read %d, complete %v", tc.files, n, complete)
		if complete != tc.complete || complete && n != tc.files || !complete && (n >= tc.files || n <= maxDatabaseFilesGP) {
			t.Fatalf("%d files: read %d, complete %v; want complete %v", tc.files, n, complete, tc.complete)
		}
		fs := findingsOf(Lint(in, mustTarget(t, "mi")), "too-many-database-files")
		want := fmt.Sprintf("%d database files", n)
		if !complete {
			want = "at least " + want
		}
		switch {
		case n > maxDatabaseFilesGP && (len(fs) != 1 || !strings.Contains(fs[0].Message, ": "+want)):
			t.Errorf("%d files, %d read: findings %+v, want one saying %q", tc.files, n, fs, want)
		case n <= maxDatabaseFilesGP && len(fs) != 0:
			t.Errorf("%d files, %d read: findings %+v, want none (a lower bound within the limit)", tc.files, n, fs)
		}
	}
}
