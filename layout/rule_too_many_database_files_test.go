package layout

import (
	"fmt"
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
