package layout

import "testing"

func TestTruncatedBackupFiresOnNativeBackupsCutShortWhateverTheirName(t *testing.T) {
	cut := read(Truncated, "unreadable SQL Server backup header: truncated backup: no end-of-set (ESET) block")
	testRule(t, "truncated-backup", nil, []ruleCase{
		{name: "cut-off log and full", inv: inv(bak("Sales/a.trn", cut), bak("Sales/b", cut)), want: []string{"Sales/a.trn", "Sales/b"}},
		{name: "complete backup", inv: inv(headed("Sales/a.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1)))},
		{name: "damaged header is unreadable-header's", inv: inv(bak("Sales/a.bak", read(Damaged, "bad record")))},
		{name: "not read (--no-headers)", inv: inv(bak("Sales/a.bak"))},
	})
}
