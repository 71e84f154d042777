package layout

import "testing"

func TestStripedLogBackupFiresForLRSAndMI(t *testing.T) {
	testRule(t, "striped-log-backup", lrsTargets, []ruleCase{
		{name: "two-stripe log", inv: inv(stripe("Sales/l_1.trn", "log", "m2", 1, 2), stripe("Sales/l_2.trn", "log", "m2", 2, 2)),
			want: []string{"Sales/l_1.trn", "Sales/l_2.trn"}},
		{name: "striped full is allowed", inv: inv(stripe("Sales/f_1.bak", "full", "m1", 1, 2), stripe("Sales/f_2.bak", "full", "m1", 2, 2))},
		{name: "single-file log", inv: inv(stripe("Sales/l.trn", "log", "m2", 1, 1))},
	})
}
