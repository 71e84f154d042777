package main

import (
	"errors"
	"path"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/baklint/baklint/bakhdr"
)

// Naming patterns of the tools the layouts imitate; the first group is the
// database, the second the kind (FULL/DIFF/LOG) or extension.
var namePatterns = []*regexp.Regexp{
	regexp.MustCompile(`^[^_]+_(.+)_(FULL|DIFF|LOG)_\d{8}_\d{6}(?:_\d)?\.(?:bak|trn)$`), // Ola Hallengren
	regexp.MustCompile(`^(.+)_backup_\d{4}_\d\d_\d\d_\d{6}_\d{7}\.(bak|trn)$`),          // Maintenance Plan
	regexp.MustCompile(`^(.+)_\d{12}\.(bak|trn)$`),                                      // dbatools
	regexp.MustCompile(`^(.+)_[0-9a-f]{32}_\d{14}\+00\.(bak|log)$`),                     // Managed Backup
}

var kinds = map[string]string{
	"FULL": bakhdr.TypeFull, "DIFF": bakhdr.TypeDifferential, "LOG": bakhdr.TypeLog,
	"bak": bakhdr.TypeFull, "trn": bakhdr.TypeLog, "log": bakhdr.TypeLog,
}

func decodeAll(t *testing.T) (map[string]*bakhdr.Header, map[string]error, map[string][]byte) {
	files := generated(t)
	hs, errs := map[string]*bakhdr.Header{}, map[string]error{}
	for p, b := range files {
		if len(b) == 0 || strings.HasSuffix(p, ".txt") {
			continue
		}
		h, err := bakhdr.Decode(b, b, int64(len(b)))
		if err != nil {
			errs[p] = err
			continue
		}
		hs[p] = h
	}
	return hs, errs, files
}

// TestHeadersMatchTheirNames: every backup's header names the database and
// backup type its file name says, except the one misnamed sample.
func TestHeadersMatchTheirNames(t *testing.T) {
	hs, _, _ := decodeAll(t)
	paths := make([]string, 0, len(hs))
	for p := range hs {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		h := hs[p]
		var m []string
		for _, re := range namePatterns {
			if m = re.FindStringSubmatch(path.Base(p)); m != nil {
				break
			}
		}
		if m == nil {
			t.Errorf("%s: name follows no known pattern", p)
			continue
		}
		db, typ := m[1], kinds[m[2]]
		if p == "misnamed/Sales/HR_backup_2024_01_01_010000_1234567.bak" {
			if db != "HR" || h.DatabaseName != "Sales" {
				t.Errorf("%s: name says %q, header %q; want HR vs Sales", p, db, h.DatabaseName)
			}
			continue
		}
		if h.DatabaseName != db || h.BackupType != typ {
			t.Errorf("%s: header says %s %s, name says %s %s", p, h.DatabaseName, h.BackupType, db, typ)
		}
	}
	if len(paths) < 40 {
		t.Errorf("only %d decodable backups", len(paths))
	}
}

// TestLayoutsShowWhatTheReadmeSays checks the property each special sample
// exists for, on the decoded bytes.
func TestLayoutsShowWhatTheReadmeSays(t *testing.T) {
	hs, errs, files := decodeAll(t)
	get := func(p string) *bakhdr.Header {
		t.Helper()
		h := hs[p]
		if h == nil {
			t.Fatalf("%s: not decoded (%v)", p, errs[p])
		}
		return h
	}
	t.Run("every Ola file is nested two folders deep", func(t *testing.T) {
		n := 0
		for p := range files {
			if strings.HasPrefix(p, "ola/") {
				n++
				if strings.Count(p, "/") != 4 {
					t.Errorf("%s: not SERVER/DB/KIND/file", p)
				}
			}
		}
		if n != 15 {
			t.Errorf("%d Ola files, want 3 databases × 5", n)
		}
	})
	t.Run("the Maintenance Plan folder mixes two databases", func(t *testing.T) {
		dbs := map[string]bool{}
		for p, h := range hs {
			if strings.HasPrefix(p, "maintplan/nightly/") {
				dbs[h.DatabaseName] = true
			}
		}
		if len(dbs) != 2 {
			t.Errorf("databases %v", dbs)
		}
	})
	t.Run("dbatools has an empty, an unaligned and a text file", func(t *testing.T) {
		if b, ok := files["dbatools/Payroll/Payroll_202401010300.trn"]; !ok || len(b) != 0 {
			t.Errorf("empty backup: %d bytes, present %v", len(b), ok)
		}
		u := files["dbatools/Payroll/Payroll_202401010400.trn"]
		if len(u)%512 == 0 {
			t.Errorf("unaligned backup is %d bytes", len(u))
		}
		if get("dbatools/Payroll/Payroll_202401010400.trn").FirstLSN != get("dbatools/Payroll/Payroll_202401010200.trn").LastLSN {
			t.Errorf("the unaligned log does not continue the chain")
		}
		if _, ok := files["dbatools/Payroll/readme.txt"]; !ok {
			t.Errorf("readme.txt missing")
		}
	})
	t.Run("the broken chain has exactly one gap", func(t *testing.T) {
		l2, l4, l5 := get("chains/Broken/SQL05_Broken_LOG_20240101_020000.trn"), get("chains/Broken/SQL05_Broken_LOG_20240101_040000.trn"), get("chains/Broken/SQL05_Broken_LOG_20240101_050000.trn")
		if l4.FirstLSN == l2.LastLSN || l5.FirstLSN != l4.LastLSN {
			t.Errorf("LSNs %s→%s, %s→%s", l2.LastLSN, l4.FirstLSN, l4.LastLSN, l5.FirstLSN)
		}
	})
	t.Run("NoFull has a diff and logs but no full", func(t *testing.T) {
		for p, h := range hs {
			if strings.HasPrefix(p, "chains/NoFull/") && h.BackupType == bakhdr.TypeFull {
				t.Errorf("%s is a full", p)
			}
		}
	})
	t.Run("the striped full has family 1 of 2 only", func(t *testing.T) {
		n := 0
		for p, h := range hs {
			if strings.HasPrefix(p, "chains/Striped/") && h.BackupType == bakhdr.TypeFull {
				n++
				if h.FamilyCount != 2 || h.FamilySequence != 1 {
					t.Errorf("%s: family %d of %d", p, h.FamilySequence, h.FamilyCount)
				}
			}
		}
		if n != 1 {
			t.Errorf("%d striped full files", n)
		}
	})
	t.Run("the striped log is complete in two files of one media set", func(t *testing.T) {
		a, b := get("chains/StripedLog/SQL05_StripedLog_LOG_20240101_020000_1.trn"), get("chains/StripedLog/SQL05_StripedLog_LOG_20240101_020000_2.trn")
		if a.MediaSetID != b.MediaSetID || a.FamilyCount != 2 || a.FamilySequence+b.FamilySequence != 3 {
			t.Errorf("stripes %+v / %+v", a, b)
		}
	})
	t.Run("the appended file holds a full and a log", func(t *testing.T) {
		h := get("chains/Appended/SQL05_Appended_FULL_20240101_010000.bak")
		if h.BackupSets != 2 || h.Position != 1 || h.BackupType != bakhdr.TypeFull {
			t.Errorf("decoded %+v", h)
		}
	})
	t.Run("garbage is no backup", func(t *testing.T) {
		if err := errs["chains/Unreadable/garbage.bak"]; !errors.Is(err, bakhdr.ErrNotBackup) {
			t.Errorf("garbage.bak decodes with %v", err)
		}
	})
	t.Run("checksums only missing in NoChecksum", func(t *testing.T) {
		for p, h := range hs {
			if h.HasChecksums == strings.HasPrefix(p, "chains/NoChecksum/") {
				t.Errorf("%s: checksums %v", p, h.HasChecksums)
			}
		}
	})
	t.Run("versions: 16.0 in NewVersion, 12.0 in managed, 11.0 elsewhere", func(t *testing.T) {
		for p, h := range hs {
			want := "11."
			switch {
			case strings.HasPrefix(p, "chains/NewVersion/"):
				want = "16."
			case strings.HasPrefix(p, "managed/"):
				want = "12."
			}
			if !strings.HasPrefix(h.Version, want) {
				t.Errorf("%s: version %s, want %s*", p, h.Version, want)
			}
		}
	})
	t.Run("backupfolder holds Sales and sales", func(t *testing.T) {
		if get("backupfolder/backup-prod/Sales/SQL04_Sales_FULL_20240101_010000.bak").DatabaseName != "Sales" ||
			get("backupfolder/sales/SQL04_sales_FULL_20240102_010000.bak").DatabaseName != "sales" {
			t.Errorf("case collision not shown")
		}
	})
	t.Run("the compliant chains are contiguous", func(t *testing.T) {
		for _, db := range []string{"Sales", "HR"} {
			var logs []*bakhdr.Header
			var full *bakhdr.Header
			for p, h := range hs {
				if strings.HasPrefix(p, "compliant/"+db+"/") {
					switch h.BackupType {
					case bakhdr.TypeLog:
						logs = append(logs, h)
					case bakhdr.TypeFull:
						full = h
					}
				}
			}
			sort.Slice(logs, func(i, j int) bool { return logs[i].BackupStart < logs[j].BackupStart })
			if full == nil || len(logs) < 2 || logs[0].FirstLSN != full.FirstLSN {
				t.Fatalf("%s: full %v, %d logs", db, full, len(logs))
			}
			for i := 1; i < len(logs); i++ {
				if logs[i].FirstLSN != logs[i-1].LastLSN {
					t.Errorf("%s: log %d starts at %s, previous ends at %s", db, i, logs[i].FirstLSN, logs[i-1].LastLSN)
				}
			}
		}
	})
}
