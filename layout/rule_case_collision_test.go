package layout

import "testing"

func TestCaseCollisionFiresOnNamesThatDifferOnlyInCase(t *testing.T) {
	testRule(t, "case-collision", nil, []ruleCase{
		{name: "folders", inv: inv(bak("Sales/a.bak"), bak("sales/b.bak")), want: []string{"Sales/"}},
		// Ola's tree names the databases by folder too: both collide.
		{name: "parent folders", inv: inv(bak("SRV/Sales/FULL/a.bak"), bak("SRV/sales/LOG/b.trn")), want: []string{"SRV/Sales/", "SRV/Sales/FULL/a.bak"}},
		{name: "databases", inv: inv(
			headed("A/a.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1)),
			headed("B/b.bak", "SALES", "full", lsn(1, 1, 1), lsn(1, 2, 1))),
			want: []string{"B/b.bak"}},
		{name: "databases in two containers", inv: inv(
			headed("a.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1), inContainer("x")),
			headed("b.bak", "sales", "full", lsn(1, 1, 1), lsn(1, 2, 1), inContainer("y"))),
			want: []string{"a.bak"}},
		{name: "one spelling in two containers", inv: inv(
			headed("a.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1), inContainer("x")),
			headed("b.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1), inContainer("y")))},
		{name: "folder spellings in two containers", inv: inv(bak("Sales/a.bak", inContainer("x")), bak("sales/a.bak", inContainer("y")))},
		{name: "distinct names", inv: inv(bak("Sales/a.bak"), bak("Sale/b.bak"))},
	})
}
