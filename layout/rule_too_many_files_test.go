package layout

import (
	"fmt"
	"strings"
	"testing"
)

// logs makes n log backups of db in folder dir, chained after a full.
func manyLogs(dir, db string, n int) []File {
	files := []File{headed(dir+"/full.bak", db, "full", lsn(20, 1, 1), lsn(20, 2, 1))}
	for i := 0; i < n; i++ {
		files = append(files, headed(fmt.Sprintf("%s/log_%05d.trn", dir, i), db, "log", lsn(20, 2+i, 1), lsn(20, 3+i, 1)))
	}
	return files
}

func TestTooManyFilesFiresBeyondAThousandFilesPerDatabase(t *testing.T) {
	testRule(t, "too-many-files", lrsTargets, []ruleCase{
		{name: "1001 files", inv: inv(manyLogs("Sales", "Sales", 1000)...), want: []string{"Sales/"}},
		{name: "1001 files over two folders", inv: inv(append(manyLogs("A", "Sales", 600), manyLogs("B", "Sales", 399)...)...), want: []string{"A/"}},
		{name: "exactly 1000 files", inv: inv(manyLogs("Sales", "Sales", 999)...)},
	})
}

func TestTooManyFilesRemedyNamesTheLatestFull(t *testing.T) {
	fs := findingsOf(Lint(inv(manyLogs("Sales", "Sales", 1000)...), mustTarget(t, "mi")), "too-many-files")
	if len(fs) != 1 || !strings.Contains(fs[0].Remedy, "(full.bak)") || !strings.Contains(fs[0].Message, "1001 backup files") {
		t.Fatalf("findings %+v: want one naming full.bak and 1001 files", fs)
	}
}
