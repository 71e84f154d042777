package layout

import (
	"slices"
	"strings"
	"testing"

	"github.com/baklint/baklint/bakhdr"
)

// compliant is one flat folder per database, each with a complete chain:
// nothing to report on any target.
func compliant() *Inventory {
	diff := func(p, db, first, last, base string) File {
		return headed(p, db, "differential", first, last, editHeader(func(h *bakhdr.Header) { h.DatabaseBackupLSN = base }))
	}
	return inv(
		headed("Sales/SQL01_Sales_FULL_20240101_010000.bak", "Sales", "full", lsn(20, 100, 1), lsn(20, 150, 1)),
		diff("Sales/SQL01_Sales_DIFF_20240101_120000.bak", "Sales", lsn(20, 200, 1), lsn(20, 210, 1), lsn(20, 100, 1)),
		headed("Sales/SQL01_Sales_LOG_20240101_130000.trn", "Sales", "log", lsn(20, 120, 1), lsn(20, 220, 1)),
		headed("Sales/SQL01_Sales_LOG_20240101_140000.trn", "Sales", "log", lsn(20, 220, 1), lsn(20, 230, 1)),
		headed("HR/HR.bak", "HR", "full", lsn(7, 1, 1), lsn(7, 5, 1)),
		headed("HR/HR_1.trn", "HR", "log", lsn(7, 1, 1), lsn(7, 9, 1)),
	)
}

func TestCompliantLayoutHasNoFindingsOnAnyTarget(t *testing.T) {
	for _, target := range Targets() {
		res := Lint(compliant(), target)
		if len(res.Findings) != 0 || res.Summary != (Summary{}) {
			t.Errorf("target %s: findings %+v, summary %+v; want none", target.Name, res.Findings, res.Summary)
		}
		if res.Findings == nil || res.Databases == nil {
			t.Errorf("target %s: nil arrays in the result", target.Name)
		}
	}
}

func TestLintSummarisesDatabasesAndTheirChains(t *testing.T) {
	in := compliant()
	in.Files = append(in.Files,
		// Broken chain: a log missing between 1 and 3.
		headed("Ops/full.bak", "Ops", "full", lsn(3, 1, 1), lsn(3, 5, 1)),
		headed("Ops/1.trn", "Ops", "log", lsn(3, 1, 1), lsn(3, 9, 1)),
		headed("Ops/3.trn", "Ops", "log", lsn(3, 12, 1), lsn(3, 15, 1)),
		// Names and folders only: chain unknown, attributed by the weakest.
		bak("Legacy/Legacy_202401010100.bak", withSize(1000)),
		bak("Legacy/dump.bak", withSize(24)),
		// Logs only: broken.
		bak("Orphan/Orphan_202401010100.trn"),
	)
	for i := range in.Files {
		Attribute(&in.Files[i])
	}
	res := Lint(in, mustTarget(t, "any"))
	got := map[string]Database{}
	for _, d := range res.Databases {
		got[d.Name] = d
	}
	for _, want := range []Database{
		{Name: "Sales", Folders: []string{"Sales"}, Files: 4, Bytes: 4 << 20, AttributedBy: ByHeader,
			LatestFull: "Sales/SQL01_Sales_FULL_20240101_010000.bak", LastBackup: "Sales/SQL01_Sales_LOG_20240101_140000.trn",
			LastBackupName: "SQL01_Sales_LOG_20240101_140000.trn", ChainStatus: ChainComplete},
		{Name: "HR", Folders: []string{"HR"}, Files: 2, Bytes: 2 << 20, AttributedBy: ByHeader,
			LatestFull: "HR/HR.bak", LastBackup: "HR/HR_1.trn", LastBackupName: "HR_1.trn", ChainStatus: ChainComplete},
		{Name: "Ops", Folders: []string{"Ops"}, Files: 3, Bytes: 3 << 20, AttributedBy: ByHeader,
			LatestFull: "Ops/full.bak", RestorableUntil: "1.trn", ChainStatus: ChainBroken},
		{Name: "Legacy", Folders: []string{"Legacy"}, Files: 2, Bytes: 1024, AttributedBy: ByFolder, ChainStatus: ChainUnknown},
		{Name: "Orphan", Folders: []string{"Orphan"}, Files: 1, Bytes: 1 << 20, AttributedBy: ByName, ChainStatus: ChainBroken},
	} {
		g := got[want.Name]
		if !slices.Equal(g.Folders, want.Folders) || g.Files != want.Files || g.Bytes != want.Bytes || g.AttributedBy != want.AttributedBy ||
			g.LatestFull != want.LatestFull || g.LastBackup != want.LastBackup || g.LastBackupName != want.LastBackupName ||
			g.RestorableUntil != want.RestorableUntil || g.ChainStatus != want.ChainStatus {
			t.Errorf("database %s:\n got %+v\nwant %+v", want.Name, g, want)
		}
	}
	if want := (InventoryStats{Files: 12, Bytes: 10<<20 + 1024, Folders: 5, Databases: 5}); res.Inventory != want {
		t.Errorf("inventory %+v, want %+v", res.Inventory, want)
	}
	if n := len(findingsOf(res, "log-chain-gap")); n != 1 || res.Summary.Errors < 2 {
		t.Errorf("got %d log-chain-gap findings and summary %+v, want one gap (Ops) and a missing full (Orphan)", n, res.Summary)
	}
}

func TestFindingsAreSortedByPathThenRule(t *testing.T) {
	res := Lint(inv(
		bak("z/a/x.bak", withSize(0), blockBlob()),
		bak("a/b/c.bak", withSize(100), blockBlob()),
		bak("root.bak"),
		bak("m/readme.txt"), bak("m/x.bak"),
	), mustTarget(t, "vm-2012"))
	if len(res.Findings) < 6 {
		t.Fatalf("only %d findings; the layout should break several rules", len(res.Findings))
	}
	sorted := slices.IsSortedFunc(res.Findings, func(a, b Finding) int {
		if n := strings.Compare(a.Path, b.Path); n != 0 {
			return n
		}
		return strings.Compare(a.Rule, b.Rule)
	})
	if !sorted {
		t.Errorf("findings not sorted by path, then rule: %+v", res.Findings)
	}
	var sum Summary
	for _, f := range res.Findings {
		switch f.Severity {
		case Error:
			sum.Errors++
		case Warning:
			sum.Warnings++
		}
	}
	if sum != res.Summary {
		t.Errorf("summary %+v does not count the findings (%+v)", res.Summary, sum)
	}
}

func TestAccountWideInventoriesTreatEachContainerAsARoot(t *testing.T) {
	res := Lint(inv(
		headed("Sales/a.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1), inContainer("one")),
		headed("Sales/b.bak", "HR", "full", lsn(1, 1, 1), lsn(1, 2, 1), inContainer("two")),
		headed("x/y/c.bak", "HR", "full", lsn(1, 1, 1), lsn(1, 2, 1), inContainer("two")),
	), mustTarget(t, "any"))
	if fs := findingsOf(res, "mixed-databases"); len(fs) != 0 {
		t.Errorf("Sales/ of two containers reported as mixed: %+v", fs)
	}
	fs := findingsOf(res, "nested-folder")
	if len(fs) != 1 || fs[0].Container != "two" || fs[0].Path != "x/y/c.bak" {
		t.Errorf("nested-folder findings %+v, want one in container two", fs)
	}
	for _, d := range res.Databases {
		if d.Name == "HR" && (d.Container != "two" || !slices.Equal(d.Folders, []string{"Sales", "x/y"})) {
			t.Errorf("HR in container %q with folders %q, want container two, folders relative to it", d.Container, d.Folders)
		}
	}
}

// The review's case: one database name in four containers of an account,
// its full backups in some and its logs in others. Each container is
// summarised, chained and checked on its own, because DMS restores from
// one container.
func TestAccountWideDatabasesAreKeyedByContainerAndName(t *testing.T) {
	res := Lint(inv(
		headed("HR/HR_FULL.bak", "HR", "full", lsn(5, 1, 1), lsn(5, 9, 1), inContainer("a")),
		headed("HR/HR_LOG_1.trn", "HR", "log", lsn(5, 1, 1), lsn(5, 20, 1), inContainer("a")),
		headed("HR_FULL.bak", "HR", "full", lsn(6, 1, 1), lsn(6, 9, 1), inContainer("b")),
		headed("HR/HR_LOG_2.trn", "HR", "log", lsn(6, 20, 1), lsn(6, 30, 1), inContainer("c")),
		headed("HR/HR_LOG_3.trn", "HR", "log", lsn(9, 30, 1), lsn(9, 40, 1), inContainer("d")),
		headed("logs/HR_LOG_4.trn", "HR", "log", lsn(9, 40, 1), lsn(9, 50, 1), inContainer("d")),
	), mustTarget(t, "any"))
	want := []Database{
		{Name: "HR", Container: "a", Folders: []string{"HR"}, Files: 2, LatestFull: "HR/HR_FULL.bak", LastBackup: "HR/HR_LOG_1.trn", ChainStatus: ChainComplete},
		{Name: "HR", Container: "b", Folders: []string{""}, Files: 1, LatestFull: "HR_FULL.bak", LastBackup: "HR_FULL.bak", ChainStatus: ChainComplete},
		{Name: "HR", Container: "c", Folders: []string{"HR"}, Files: 1, ChainStatus: ChainBroken},
		{Name: "HR", Container: "d", Folders: []string{"HR", "logs"}, Files: 2, ChainStatus: ChainBroken},
	}
	if len(res.Databases) != len(want) {
		t.Fatalf("%d databases, want %d (one per container): %+v", len(res.Databases), len(want), res.Databases)
	}
	for i, w := range want {
		g := res.Databases[i]
		if g.Name != w.Name || g.Container != w.Container || !slices.Equal(g.Folders, w.Folders) || g.Files != w.Files ||
			g.LatestFull != w.LatestFull || g.LastBackup != w.LastBackup || g.ChainStatus != w.ChainStatus {
			t.Errorf("database %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
	if res.Inventory.Databases != 4 {
		t.Errorf("inventory counts %d databases, want 4", res.Inventory.Databases)
	}
	var missing []string
	for _, f := range findingsOf(res, "missing-full-backup") {
		missing = append(missing, f.Container+":"+f.Path)
	}
	if want := []string{"c:HR/HR_LOG_2.trn", "d:HR/HR_LOG_3.trn"}; !slices.Equal(missing, want) {
		t.Errorf("missing-full-backup at %q, want %q", missing, want)
	}
	if fs := findingsOf(res, "log-chain-gap"); len(fs) != 0 {
		t.Errorf("log-chain-gap across containers: %+v", fs)
	}
	if fs := findingsOf(res, "case-collision"); len(fs) != 0 {
		t.Errorf("one spelling in four containers reported as a case collision: %+v", fs)
	}
}
