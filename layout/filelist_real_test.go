package layout

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/baklint/baklint/bakhdr"
	"github.com/baklint/baklint/bakhdr/bakhdrtest"
)

// These tests scan real files through the real decoder: two shared
// TestDB.bak backups from different repositories, and backups synthesized
// with a file list (bakhdrtest) for the cases no shared backup shows.

// Two TestDB databases from different SQL Servers whose data files are both
// named TestDB.mdf, in different folders (checked with strings -el).
const (
	quizTestDB  = "../Ehtisham-Akbar-Quiz_app_repo/TestDB.bak" // MSSQL15.MSSQLSERVER\MSSQL\DATA\TestDB.mdf
	blazeTestDB = "../Muhammad-Atef-1-Demo-Blaze/TestDB.bak"   // MSSQL13.SA\MSSQL\DATA\TestDB.mdf
)

// ruleCounts counts the findings of each rule.
func ruleCounts(res *Result) map[string]int {
	n := map[string]int{}
	for _, f := range res.Findings {
		n[f.Rule]++
	}
	return n
}

func TestTwoRealDatabasesWithTheSameDataFileNameCollideOnOneVM(t *testing.T) {
	in := build(t, placed{"Quiz/TestDB.bak": quizTestDB, "Blaze/TestDB.bak": blazeTestDB})
	res := Lint(in, mustTarget(t, "vm-2019"))
	dbs := databasesNamed(res, "TestDB")
	if len(dbs) != 2 {
		t.Fatalf("databases %+v: want two TestDB databases of different identity", res.Databases)
	}
	fs := findingsOf(res, "physical-file-collision")
	if len(fs) != 2 || fs[0].Path != "Blaze/TestDB.bak" || fs[1].Path != "Quiz/TestDB.bak" {
		t.Fatalf("physical-file-collision %+v: want one on each TestDB.bak", fs)
	}
	for _, f := range fs {
		for _, want := range []string{
			`MSSQL15.MSSQLSERVER\MSSQL\DATA\TestDB.mdf`, `MSSQL13.SA\MSSQL\DATA\TestDB.mdf`, // both files
			"Blaze/TestDB.bak", "Quiz/TestDB.bak", // both databases, by their latest full
			"WITH MOVE 'TestDB' TO 'F:\\data\\TestDB_TestDB.mdf'",
		} {
			if !strings.Contains(f.Path+" "+f.Message+f.Remedy, want) {
				t.Errorf("finding on %s lacks %q: %s / %s", f.Path, want, f.Message, f.Remedy)
			}
		}
	}
	for _, db := range dbs {
		var sum int64
		for _, f := range in.Files {
			if f.Path == db.LatestFull {
				for _, df := range f.Header.Files {
					sum += df.Size
				}
			}
		}
		if db.DataBytes == 0 || db.DataBytes != sum {
			t.Errorf("database %s of %s: data_bytes %d, want the sum %d of its file list", db.Name, db.ServerName, db.DataBytes, sum)
		}
	}
	if n := len(findingsOf(Lint(in, mustTarget(t, "mi")), "physical-file-collision")); n != 0 {
		t.Errorf("physical-file-collision on mi: %d findings; Managed Instance names the files itself", n)
	}
}

// synthFull is a synthesized full backup of db with the given file list.
func synthFull(db string, files ...bakhdr.DatabaseFile) []byte {
	h := bakhdr.Header{DatabaseName: db, HasChecksums: true, Files: files}
	return bakhdrtest.Synthesize(h, max(64<<10, bakhdrtest.MinSize(h)))
}

func TestSynthesizedFileListsFireTheirRuleAndNoOtherFileListRule(t *testing.T) {
	fileListRules := []string{"multiple-log-files", "filestream-data", "multiple-xtp-containers", "memory-optimized-data",
		"too-many-database-files", "physical-file-collision", "unsupported-compression"}
	var many []bakhdr.DatabaseFile
	for i := 0; i < 200; i++ {
		many = append(many, dataFile(fmt.Sprintf("Big_%d", i), fmt.Sprintf(`C:\D\Big_%d.ndf`, i), 8<<20))
	}
	for _, tc := range []struct {
		name   string
		files  placed
		target string
		want   map[string]int
	}{
		{"two log files on mi", placed{"Sales/full.bak": synthFull("Sales", dataFile("Sales", `C:\D\Sales.mdf`, 8<<20),
			logFile("Sales_log", `C:\L\Sales_log.ldf`, 8<<20), logFile("Sales_log2", `C:\L\Sales_log2.ldf`, 8<<20))},
			"mi", map[string]int{"multiple-log-files": 1}},
		{"two databases sharing a file name on a VM", placed{
			"Sales/full.bak": synthFull("Sales", dataFile("Sales", `C:\D\App.mdf`, 8<<20), logFile("Sales_log", `C:\L\Sales_log.ldf`, 8<<20)),
			"HR/full.bak":    synthFull("HR", dataFile("HR", `D:\Data\app.mdf`, 8<<20), logFile("HR_log", `D:\Log\HR_log.ldf`, 8<<20))},
			"vm-2022", map[string]int{"physical-file-collision": 2}},
		{"a plain database on mi", placed{"Sales/full.bak": synthFull("Sales", dataFile("Sales", `C:\D\Sales.mdf`, 8<<20),
			logFile("Sales_log", `C:\L\Sales_log.ldf`, 8<<20))},
			"mi", map[string]int{}},
		{"200 files, within the limit", placed{"Big/full.bak": synthFull("Big", append(many, logFile("Big_log", `C:\L\Big_log.ldf`, 8<<20))...)},
			"lrs", map[string]int{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := build(t, tc.files)
			for _, f := range in.Files {
				if f.Header == nil || len(f.Header.Files) == 0 {
					t.Fatalf("%s: the decoder read no file list: %+v", f.Path, f.Header)
				}
			}
			got := ruleCounts(Lint(in, mustTarget(t, tc.target)))
			for _, id := range fileListRules {
				if got[id] != tc.want[id] {
					t.Errorf("%s on %s: %d findings, want %d", id, tc.target, got[id], tc.want[id])
				}
			}
		})
	}
}

// A list longer than the head read is completed from the trailer's copy in
// the tail (docs/backup-file-list.md §1a); where it is not, too-many-database-
// files counts what was read as a lower bound.
func TestALongSynthesizedFileListIsCountedByTooManyDatabaseFiles(t *testing.T) {
	var files []bakhdr.DatabaseFile
	for i := 0; i < 400; i++ {
		files = append(files, dataFile(fmt.Sprintf("Big_%d", i), fmt.Sprintf(`C:\D\Big_%d.ndf`, i), 8<<20))
	}
	in := build(t, placed{"Big/full.bak": synthFull("Big", files...)})
	h := in.Files[0].Header
	t.Logf("decoder read %d of %d files, unknown %v", len(h.Files), len(files), h.Unknown)
	res := Lint(in, mustTarget(t, "mi"))
	fs := findingsOf(res, "too-many-database-files")
	complete := !slices.Contains(h.Unknown, "files")
	switch {
	case len(h.Files) > maxDatabaseFilesGP && len(fs) != 1:
		t.Errorf("%d files read: too-many-database-files %+v, want one", len(h.Files), fs)
	case len(h.Files) <= maxDatabaseFilesGP && (complete || len(fs) != 0):
		t.Errorf("%d files read (complete %v): findings %+v", len(h.Files), complete, fs)
	}
	if !complete && res.Databases[0].DataBytes != 0 {
		t.Errorf("data_bytes %d from a list read in part, want none", res.Databases[0].DataBytes)
	}
}
