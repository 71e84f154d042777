package layout

import (
	"testing"
)

func TestMixedDatabasesFiresOnAFolderWithTwoDatabases(t *testing.T) {
	testRule(t, "mixed-databases", nil, []ruleCase{
		{name: "two headers in one folder", inv: inv(
			headed("shared/a.bak", "Sales", "full", lsn(20, 1, 1), lsn(20, 9, 1)),
			headed("shared/b.bak", "HR", "full", lsn(20, 1, 1), lsn(20, 9, 1)),
		), want: []string{"shared/"}},
		{name: "two databases at the root, by name", inv: inv(
			bak("Sales_202401010100.bak"), bak("HR_202401010100.bak"),
		), want: []string{""}},
		{name: "header wins over the folder name", inv: inv(
			headed("Sales/a.bak", "Sales", "full", lsn(20, 1, 1), lsn(20, 9, 1)),
			headed("Sales/b.bak", "Sales_old", "full", lsn(20, 1, 1), lsn(20, 9, 1)),
		), want: []string{"Sales/"}},
		{name: "one database per folder", inv: inv(
			headed("Sales/a.bak", "Sales", "full", lsn(20, 1, 1), lsn(20, 9, 1)),
			headed("Sales/b.trn", "Sales", "log", lsn(20, 9, 1), lsn(20, 19, 1)),
			headed("HR/a.bak", "HR", "full", lsn(20, 1, 1), lsn(20, 9, 1)),
		)},
		{name: "unattributed files do not count as a database", inv: inv(
			headed("x.bak", "Sales", "full", lsn(20, 1, 1), lsn(20, 9, 1)), bak("mystery.bak"),
		)},
		{name: "the same name in two containers is not a mix", inv: inv(
			headed("a.bak", "Sales", "full", lsn(20, 1, 1), lsn(20, 9, 1), inContainer("one")),
			headed("a.bak", "HR", "full", lsn(20, 1, 1), lsn(20, 9, 1), inContainer("two")),
		)},
	})
}

func TestMixedDatabasesRemedySaysWhereEachGoes(t *testing.T) {
	f := onlyFinding(t, inv(
		headed("Sales/a.bak", "Sales", "full", lsn(20, 1, 1), lsn(20, 9, 1)),
		headed("Sales/b.bak", "Sales", "full", lsn(20, 1, 1), lsn(20, 9, 1)),
		headed("Sales/c.bak", "HR", "full", lsn(20, 1, 1), lsn(20, 9, 1)),
	), "any", "mixed-databases")
	wantIn(t, "message", f.Message, `"Sales" (2 files)`, `"HR" (1 file)`)
	wantIn(t, "remedy", f.Remedy, `"Sales" stays in Sales/`, `"HR" to HR/`)
}
