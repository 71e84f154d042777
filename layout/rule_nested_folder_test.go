package layout

import (
	"strings"
	"testing"
)

func TestNestedFolderFiresOnOlaTree(t *testing.T) {
	testRule(t, "nested-folder", nil, []ruleCase{
		{name: "Ola tree", inv: inv(
			headed("SQL01/Sales/FULL/SQL01_Sales_FULL_20240101_010000.bak", "Sales", "full", lsn(20, 1, 1), lsn(20, 9, 1)),
			bak("SQL01/Sales/LOG/SQL01_Sales_LOG_20240101_020000.trn"),
		), want: []string{"SQL01/Sales/FULL/SQL01_Sales_FULL_20240101_010000.bak", "SQL01/Sales/LOG/SQL01_Sales_LOG_20240101_020000.trn"}},
		{name: "two levels without backups' tool names", inv: inv(bak("a/b/x.bak")), want: []string{"a/b/x.bak"}},
		{name: "one folder per database", inv: inv(
			headed("Sales/full.bak", "Sales", "full", lsn(20, 1, 1), lsn(20, 9, 1)),
			headed("HR/full.bak", "HR", "full", lsn(20, 1, 1), lsn(20, 9, 1)),
		)},
		{name: "a single database at the root", inv: inv(headed("full.bak", "Sales", "full", lsn(20, 1, 1), lsn(20, 9, 1)))},
		{name: "a deep non-backup file is another rule's business", inv: inv(bak("a/b/readme.txt"))},
	})
}

func TestNestedFolderRemedyNamesTheFixersFolder(t *testing.T) {
	for _, tc := range []struct{ target, db, want string }{
		{"any", "Sales", "move to Sales/x.bak"},
		{"lrs", "BackupDB", "move to bkupDB/x.bak"},
		{"any", "a/../b", "move to _unsafe_"},
	} {
		res := Lint(inv(headed("s/d/x.bak", tc.db, "full", lsn(1, 1, 1), lsn(1, 2, 1))), mustTarget(t, tc.target))
		fs := findingsOf(res, "nested-folder")
		if len(fs) != 1 || !strings.HasPrefix(fs[0].Remedy, tc.want) {
			t.Errorf("database %q on %s: remedy %+v, want prefix %q", tc.db, tc.target, fs, tc.want)
		}
	}
}
