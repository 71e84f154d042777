package layout

import "testing"

func TestUnattributedBackupFiresWhenNothingNamesTheDatabase(t *testing.T) {
	testRule(t, "unattributed-backup", nil, []ruleCase{
		{name: "plain name at the root", inv: inv(bak("export.bak"), bak("night.trn")), want: []string{"export.bak", "night.trn"}},
		{name: "header names it", inv: inv(headed("export.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1)))},
		{name: "naming pattern names it", inv: inv(bak("Sales_backup_2024_01_01_010000_1234567.bak"))},
		{name: "folder names it", inv: inv(bak("Sales/export.bak"))},
		{name: "not a backup", inv: inv(bak("readme.txt"))},
	})
}
