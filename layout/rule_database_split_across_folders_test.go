package layout

import (
	"testing"
)

func TestDatabaseSplitAcrossFoldersFiresOnFullsAndLogsInSiblingFolders(t *testing.T) {
	full := func(p string, opts ...fileOpt) File {
		return headed(p, "Split", "full", lsn(20, 1, 1), lsn(20, 9, 1), opts...)
	}
	log := func(p string, n int, opts ...fileOpt) File {
		return headed(p, "Split", "log", lsn(20, 9*n, 1), lsn(20, 9*n+9, 1), opts...)
	}
	testRule(t, "database-split-across-folders", nil, []ruleCase{
		{name: "fulls and logs in two first-level folders", inv: inv(
			full("FULLS/Split_FULL.bak"), log("LOGS/Split_LOG_1.trn", 1), log("LOGS/Split_LOG_2.trn", 2),
		), want: []string{"FULLS/"}},
		{name: "the root counts as a folder", inv: inv(
			full("Split_FULL.bak"), log("Split/Split_LOG_1.trn", 1),
		), want: []string{""}},
		{name: "three folders, reported once", inv: inv(
			full("c/Split_FULL.bak"), log("b/Split_LOG_1.trn", 1), log("a/Split_LOG_2.trn", 2),
		), want: []string{"a/"}},
		{name: "split by name attribution alone", inv: inv(
			bak("x/Split_202401010100.bak"), bak("y/Split_202401010200.trn"),
		), want: []string{"x/"}},
		{name: "in one container of an account", inv: inv(
			full("FULLS/Split_FULL.bak", inContainer("x")), log("LOGS/Split_LOG_1.trn", 1, inContainer("x")),
		), want: []string{"FULLS/"}},
		{name: "one folder", inv: inv(full("Split/Split_FULL.bak"), log("Split/Split_LOG_1.trn", 1))},
		{name: "one folder per container", inv: inv(
			full("Split/Split_FULL.bak", inContainer("x")), log("Split/Split_LOG_1.trn", 1, inContainer("x")),
			full("Split/Split_FULL.bak", inContainer("y")), log("Split/Split_LOG_1.trn", 1, inContainer("y")),
		)},
		// nested-folder already says where these go.
		{name: "Ola tree, all nested", inv: inv(
			full("SQL01/Split/FULL/SQL01_Split_FULL_20240101_010000.bak"), log("SQL01/Split/LOG/SQL01_Split_LOG_20240101_020000.trn", 1),
		)},
		{name: "one first-level folder and a nested one", inv: inv(
			full("Split/Split_FULL.bak"), log("SQL01/Split/LOG/SQL01_Split_LOG_20240101_020000.trn", 1),
		)},
		{name: "a non-backup file elsewhere is another rule's business", inv: inv(
			full("Split/Split_FULL.bak"), bak("notes/Split_202401010100.txt"),
		)},
		{name: "two databases, one folder each", inv: inv(
			full("Split/Split_FULL.bak"), headed("HR/HR.bak", "HR", "full", lsn(1, 1, 1), lsn(1, 2, 1)),
		)},
	})
}

func TestDatabaseSplitAcrossFoldersListsTheFoldersWithFileCounts(t *testing.T) {
	f := onlyFinding(t, inv(
		headed("Split_FULL.bak", "Split", "full", lsn(20, 1, 1), lsn(20, 9, 1)),
		headed("LOGS/Split_LOG_1.trn", "Split", "log", lsn(20, 9, 1), lsn(20, 19, 1)),
		headed("LOGS/Split_LOG_2.trn", "Split", "log", lsn(20, 19, 1), lsn(20, 29, 1)),
	), "mi", "database-split-across-folders")
	if f.Database != "Split" {
		t.Errorf("finding names database %q, want Split", f.Database)
	}
	wantIn(t, "message", f.Message, "2 folders", "the container root (1 file)", `"LOGS/" (2 files)`)
	if want := `gather the backups of "Split" into one folder, e.g. Split/ (baklint fix does this)`; f.Remedy != want {
		t.Errorf("remedy %q, want %q", f.Remedy, want)
	}
}
