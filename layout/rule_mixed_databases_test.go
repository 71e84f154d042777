package layout

import (
	"strings"
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
	res := Lint(inv(
		headed("Sales/a.bak", "Sales", "full", lsn(20, 1, 1), lsn(20, 9, 1)),
		headed("Sales/b.bak", "Sales", "full", lsn(20, 1, 1), lsn(20, 9, 1)),
		headed("Sales/c.bak", "HR", "full", lsn(20, 1, 1), lsn(20, 9, 1)),
	), mustTarget(t, "any"))
	fs := findingsOf(res, "mixed-databases")
	if len(fs) != 1 {
		t.Fatalf("got %d findings, want 1", len(fs))
	}
	for _, want := range []string{`"Sales" (2 files)`, `"HR" (1 file)`} {
		if !strings.Contains(fs[0].Message, want) {
			t.Errorf("message %q lacks %q", fs[0].Message, want)
		}
	}
	for _, want := range []string{`"Sales" stays in Sales/`, `"HR" to HR/`} {
		if !strings.Contains(fs[0].Remedy, want) {
			t.Errorf("remedy %q lacks %q", fs[0].Remedy, want)
		}
	}
}
