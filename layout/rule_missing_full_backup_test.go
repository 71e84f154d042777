package layout

import "testing"

func TestMissingFullBackupFiresOnLogsWithoutAFull(t *testing.T) {
	testRule(t, "missing-full-backup", nil, []ruleCase{
		{name: "logs and a differential only", inv: inv(
			headed("Sales/d.bak", "Sales", "differential", lsn(20, 50, 1), lsn(20, 60, 1)),
			headed("Sales/l1.trn", "Sales", "log", lsn(20, 60, 1), lsn(20, 70, 1)),
		), want: []string{"Sales/d.bak"}},
		{name: "log files by name only", inv: inv(bak("Sales/Sales_202401010100.trn")), want: []string{"Sales/Sales_202401010100.trn"}},
		{name: "Ola LOG folder without FULL", inv: inv(
			bak("SRV/Sales/LOG/SRV_Sales_LOG_20240101_010000.trn"),
			bak("SRV/Sales/DIFF/SRV_Sales_DIFF_20240101_000000.bak"),
		), want: []string{"SRV/Sales/DIFF/SRV_Sales_DIFF_20240101_000000.bak"}},
		{name: "full present", inv: inv(
			headed("Sales/f.bak", "Sales", "full", lsn(20, 1, 1), lsn(20, 9, 1)),
			headed("Sales/l1.trn", "Sales", "log", lsn(20, 1, 1), lsn(20, 70, 1)),
		)},
		{name: "a plain .bak may be the full", inv: inv(bak("Sales/Sales.bak"), bak("Sales/Sales_1.trn"))},
		{name: "fulls only", inv: inv(bak("Sales/SRV_Sales_FULL_20240101_010000.bak"))},
	})
}
