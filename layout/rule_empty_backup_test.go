package layout

import "testing"

func TestEmptyBackupFiresOnZeroByteBackups(t *testing.T) {
	testRule(t, "empty-backup", nil, []ruleCase{
		{name: "zero-byte .bak and .trn", inv: inv(bak("Sales/a.bak", withSize(0)), bak("Sales/b.trn", withSize(0))), want: []string{"Sales/a.bak", "Sales/b.trn"}},
		{name: "zero-byte local file", inv: local(bak("Sales/a.bak", withSize(0))), want: []string{"Sales/a.bak"}},
		{name: "zero-byte marker file is no backup", inv: inv(bak("Sales/a.bak"), bak("Sales/.keep", withSize(0)))},
		{name: "non-empty backups", inv: inv(bak("Sales/a.bak", withSize(512)))},
	})
}
