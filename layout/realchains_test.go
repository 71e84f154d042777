package layout

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/baklint/baklint/internal/testutil"
)

// The chain rules are checked here on real backup chains read by the real
// scanner from copies of the shared samples: the LSNs come from the files'
// own headers, never from the manifest, so a decoder or scanner bug that
// shifts an LSN shows up as a wrong chain.

const appveyorLab = "../../shared/testdata/backups/appveyor-lab"

// realChain is one real backup chain of the dbatools lab and how to break it.
type realChain struct {
	name, dir string // dir is relative to appveyor-lab
	db        string
	// last is the file the complete chain ends at (last_backup_name).
	last string
	// gapLog is a log in the middle of the chain; removing it (with
	// bridges) must leave a gap of exactly its own LSN range.
	gapLog string
	// bridges are the differentials that restore over gapLog: while one of
	// them is present, the gap does not matter to a restore.
	bridges []string
	// fulls are every full backup of the database.
	fulls []string
}

var realChains = []realChain{
	{
		name: "StopAt", dir: "sql2008-backups/StopAt", db: "StopAt",
		last: "StopAt_23.trn", gapLog: "StopAt_2.trn", fulls: []string{"StopAt.bak"},
	},
	{
		// Logs _1 to _3 precede the differential RestoreTimeClean2.bak,
		// which restores over them; the logs 2_1 to 2_3 carry it forward.
		name: "RestoreTimeClean", dir: "RestoreTimeClean", db: "RestoreTimeClean",
		last: "RestoreTimeClean2_3.trn", gapLog: "RestoreTimeClean2_2.trn", fulls: []string{"RestoreTimeClean.bak"},
	},
	{
		// An Ola Hallengren tree (Full/, Diff/, Log/) of two fulls, each
		// with two differentials and logs every minute, some of them empty.
		// The latest differential (21:239:1 to 21:241:1) already reaches
		// the end of the last non-empty log, so the logs after it add
		// nothing a restore needs and the chain ends at the differential.
		name: "OlaMsFilter/complex", dir: "OlaMsFilter/complex", db: "OlaMsFilterTest",
		last:    "test_DIFF_20160629_142800.bak",
		gapLog:  "Log/test_LOG_20160629_142600.trn",
		bridges: []string{"Diff/test_DIFF_20160629_142500.bak", "Diff/test_DIFF_20160629_142800.bak"},
		fulls:   []string{"Full/test_FULL_20160629_141300.bak", "Full/test_FULL_20160629_142200.bak"},
	},
}

var chainTargets = []string{"lrs", "any"}

func TestRealCompleteChainsAreCleanAndEndAtTheirLastBackup(t *testing.T) {
	for _, tc := range realChains {
		in := scanRealCopy(t, tc.dir, nil)
		for _, target := range chainTargets {
			t.Run(tc.name+"/"+target, func(t *testing.T) {
				res := Lint(in, mustTarget(t, target))
				for _, rule := range []string{"log-chain-gap", "missing-full-backup", "incomplete-stripe-set", "unreadable-header", "mixed-databases"} {
					for _, f := range findingsOf(res, rule) {
						t.Errorf("%s on %s: %s", rule, f.Path, f.Message)
					}
				}
				db := databaseNamed(t, res, tc.db)
				if db.ChainStatus != ChainComplete {
					t.Errorf("chain status %q, want %q", db.ChainStatus, ChainComplete)
				}
				if db.LastBackupName != tc.last {
					t.Errorf("last_backup_name %q, want %q (last_backup %q)", db.LastBackupName, tc.last, db.LastBackup)
				}
				if want := path.Base(tc.fulls[len(tc.fulls)-1]); path.Base(db.LatestFull) != want {
					t.Errorf("latest full %q, want %s", db.LatestFull, want)
				}
			})
		}
	}
}

func TestRealChainWithAMiddleLogRemovedNamesTheMissingLSNRange(t *testing.T) {
	for _, tc := range realChains {
		// The removed log's LSNs, as the scanner decodes them from the
		// complete copy: its neighbours abut it, so the gap is its range.
		var first, last string
		for _, f := range scanRealCopy(t, tc.dir, nil).Files {
			if f.Path == path.Join(path.Base(tc.dir), tc.gapLog) {
				if f.Header == nil {
					t.Fatalf("%s: no header decoded for %s: %s", tc.name, tc.gapLog, f.Error)
				}
				first, last = f.Header.FirstLSN, f.Header.LastLSN
			}
		}
		if first == "" || compareLSN(first, last) >= 0 {
			t.Fatalf("%s: %s has LSNs %q to %q, want a non-empty range", tc.name, tc.gapLog, first, last)
		}
		in := scanRealCopy(t, tc.dir, append([]string{tc.gapLog}, tc.bridges...))
		for _, target := range chainTargets {
			t.Run(tc.name+"/"+target, func(t *testing.T) {
				res := Lint(in, mustTarget(t, target))
				gaps := findingsOf(res, "log-chain-gap")
				if len(gaps) != 1 {
					t.Fatalf("%d log-chain-gap findings, want 1: %+v", len(gaps), gaps)
				}
				if want := "LSNs " + first + " to " + last; !strings.Contains(gaps[0].Message, want) {
					t.Errorf("message %q does not name %q (the range of %s)", gaps[0].Message, want, tc.gapLog)
				}
				if gaps[0].Database != tc.db {
					t.Errorf("gap reported for database %q, want %q", gaps[0].Database, tc.db)
				}
				if n := len(findingsOf(res, "missing-full-backup")); n != 0 {
					t.Errorf("%d missing-full-backup findings with the full present", n)
				}
				db := databaseNamed(t, res, tc.db)
				if db.ChainStatus != ChainBroken {
					t.Errorf("chain status %q, want %q", db.ChainStatus, ChainBroken)
				}
				// The restorable sequence stops before the gap.
				if db.LastBackupName == tc.last || db.LastBackupName == path.Base(tc.gapLog) {
					t.Errorf("last_backup_name %q lies past the gap", db.LastBackupName)
				}
			})
		}
	}
}

// A log that a differential restores over is not needed: removing only it
// must not break the chain.
func TestRealChainLogBridgedByADifferentialLeavesNoGap(t *testing.T) {
	for _, tc := range realChains {
		if len(tc.bridges) == 0 {
			continue
		}
		in := scanRealCopy(t, tc.dir, []string{tc.gapLog})
		for _, target := range chainTargets {
			t.Run(tc.name+"/"+target, func(t *testing.T) {
				res := Lint(in, mustTarget(t, target))
				if gaps := findingsOf(res, "log-chain-gap"); len(gaps) != 0 {
					t.Errorf("log-chain-gap fired although a differential bridges %s: %+v", tc.gapLog, gaps)
				}
				if db := databaseNamed(t, res, tc.db); db.ChainStatus != ChainComplete || db.LastBackupName != tc.last {
					t.Errorf("chain %q ending at %q, want complete ending at %q", db.ChainStatus, db.LastBackupName, tc.last)
				}
			})
		}
	}
}

func TestRealChainWithoutItsFullBackupIsMissingTheFull(t *testing.T) {
	for _, tc := range realChains {
		in := scanRealCopy(t, tc.dir, tc.fulls)
		for _, target := range chainTargets {
			t.Run(tc.name+"/"+target, func(t *testing.T) {
				res := Lint(in, mustTarget(t, target))
				missing := findingsOf(res, "missing-full-backup")
				if len(missing) != 1 || missing[0].Database != tc.db {
					t.Fatalf("missing-full-backup findings %+v, want one for %s", missing, tc.db)
				}
				if gaps := findingsOf(res, "log-chain-gap"); len(gaps) != 0 {
					t.Errorf("log-chain-gap fired without a full to chain from: %+v", gaps)
				}
				if db := databaseNamed(t, res, tc.db); db.ChainStatus != ChainBroken || db.LatestFull != "" {
					t.Errorf("chain %q with latest full %q, want broken without one", db.ChainStatus, db.LatestFull)
				}
			})
		}
	}
}

func TestRealStripeFolderAloneIsAnIncompleteStripeSet(t *testing.T) {
	for _, tc := range []struct {
		name, dir string
		// want are the files incomplete-stripe-set reports (nil: none).
		want []string
	}{
		{"both stripes", "sql2008-backups/RestoreTimeStripe", nil},
		{"Stripe1 alone", "sql2008-backups/RestoreTimeStripe/Stripe1", []string{
			"RestoreTimeStripe.bak", "RestoreTimeStripe2.bak", "RestoreTimeStripe_1.trn", "RestoreTimeStripe_2.trn",
			"RestoreTimeStripe_22.trn", "RestoreTimeStripe_23.trn", "RestoreTimeStripe_3.trn", "restoretime_21.trn",
		}},
	} {
		in := scanRealCopy(t, tc.dir, nil)
		for _, target := range chainTargets {
			t.Run(tc.name+"/"+target, func(t *testing.T) {
				res := Lint(in, mustTarget(t, target))
				var got []string
				for _, f := range findingsOf(res, "incomplete-stripe-set") {
					got = append(got, path.Base(f.Path))
					if !strings.Contains(f.Message, "has 1 of its 2 files: family 2 missing") {
						t.Errorf("%s: message %q does not say family 2 of 2 is missing", f.Path, f.Message)
					}
				}
				slices.Sort(got)
				want := slices.Clone(tc.want)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Errorf("incomplete-stripe-set on %q, want %q", got, want)
				}
			})
		}
	}
}

// scanRealCopy copies appveyor-lab/dir (without the files in remove,
// relative to dir) into a temporary folder as a subfolder named after dir,
// and scans it with headers like `baklint lint` does.
func scanRealCopy(t *testing.T, dir string, remove []string) *Inventory {
	t.Helper()
	src := testutil.SharedData(t, filepath.Join(appveyorLab, filepath.FromSlash(dir)))
	root := t.TempDir()
	dst := filepath.Join(root, path.Base(dir))
	removed := 0
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if slices.Contains(remove, filepath.ToSlash(rel)) {
			removed++
			return nil
		}
		return testutil.CopyFile(p, filepath.Join(dst, rel))
	})
	if err != nil {
		t.Fatal(err)
	}
	if removed != len(remove) {
		t.Fatalf("removed %d of %q from %s: a name is wrong", removed, remove, dir)
	}
	return scanDir(t, root)
}

func databaseNamed(t *testing.T, res *Result, name string) Database {
	t.Helper()
	var names []string
	for _, db := range res.Databases {
		if db.Name == name {
			return db
		}
		names = append(names, db.Name)
	}
	t.Fatalf("no database %q in the result, only %q", name, names)
	return Database{}
}
