package layout

import "testing"

func TestDatabaseNameClashFiresWhenTwoIdentitiesShareANameInDifferentFolders(t *testing.T) {
	sales := func(p, server, binding string, opts ...fileOpt) File {
		return headed(p, "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1), append([]fileOpt{identity(server, binding, binding+"-family")}, opts...)...)
	}
	testRule(t, "database-name-clash", nil, []ruleCase{
		{name: "two servers, two folders", inv: inv(sales("A/a.bak", "SQL01", "b1"), sales("B/b.bak", "SQL02", "b2")), want: []string{"A/", "B/"}},
		{name: "two containers of an account", inv: inv(sales("Sales/a.bak", "SQL01", "b1", inContainer("c1")), sales("Sales/a.bak", "SQL02", "b2", inContainer("c2"))), want: []string{"Sales/", "Sales/"}},
		{name: "one identity copied into two folders", inv: inv(sales("A/a.bak", "SQL01", "b1"), sales("B/a.bak", "SQL01", "b1"))},
		{name: "both in one folder is mixed-databases'", inv: inv(sales("S/a.bak", "SQL01", "b1"), sales("S/b.bak", "SQL02", "b2"))},
		{name: "no identity in the headers", inv: inv(headed("A/a.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1)), headed("B/b.bak", "Sales", "full", lsn(2, 1, 1), lsn(2, 2, 1)))},
	})
}
