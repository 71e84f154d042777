package layout

import (
	"strings"
	"testing"
)

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
		// DMS restores from one container: a full in another one is no help.
		{name: "full in one container, logs in another", inv: inv(
			headed("Split/Split_FULL.bak", "Split", "full", lsn(20, 1, 1), lsn(20, 9, 1), inContainer("splita")),
			headed("Split/Split_LOG_1.trn", "Split", "log", lsn(20, 1, 1), lsn(20, 70, 1), inContainer("splitb")),
		), want: []string{"Split/Split_LOG_1.trn"}},
		{name: "a complete database in each of two containers", inv: inv(
			headed("Split/Split_FULL.bak", "Split", "full", lsn(20, 1, 1), lsn(20, 9, 1), inContainer("splita")),
			headed("Split/Split_LOG_1.trn", "Split", "log", lsn(20, 1, 1), lsn(20, 70, 1), inContainer("splita")),
			headed("Split/Split_FULL.bak", "Split", "full", lsn(30, 1, 1), lsn(30, 9, 1), inContainer("splitb")),
			headed("Split/Split_LOG_1.trn", "Split", "log", lsn(30, 1, 1), lsn(30, 70, 1), inContainer("splitb")),
		)},
	})
}

func TestMissingFullBackupNamesTheContainerOfTheLogs(t *testing.T) {
	res := Lint(inv(
		headed("Split_FULL.bak", "Split", "full", lsn(20, 1, 1), lsn(20, 9, 1), inContainer("splita")),
		headed("Split_LOG_1.trn", "Split", "log", lsn(20, 1, 1), lsn(20, 70, 1), inContainer("splitb")),
		headed("Split_LOG_2.trn", "Split", "log", lsn(20, 70, 1), lsn(20, 80, 1), inContainer("splitb")),
	), mustTarget(t, "any"))
	fs := findingsOf(res, "missing-full-backup")
	if len(fs) != 1 || fs[0].Container != "splitb" || fs[0].Path != "Split_LOG_1.trn" || fs[0].Database != "Split" {
		t.Fatalf("missing-full-backup findings %+v, want one for Split in container splitb", fs)
	}
	if want := "2 log backups"; !strings.Contains(fs[0].Message, want) {
		t.Errorf("message %q does not count the logs of splitb only (%s)", fs[0].Message, want)
	}
}
