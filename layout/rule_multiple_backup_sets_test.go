package layout

import (
	"testing"

	"github.com/baklint/baklint/bakhdr"
)

func TestMultipleBackupSetsFiresOnAppendedBackups(t *testing.T) {
	testRule(t, "multiple-backup-sets", nil, []ruleCase{
		{name: "two sets in one file", inv: inv(headed("Sales/a.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1), editHeader(func(h *bakhdr.Header) { h.BackupSets = 2 }))), want: []string{"Sales/a.bak"}},
		{name: "header of the second set", inv: inv(headed("Sales/a.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1), editHeader(func(h *bakhdr.Header) { h.Position = 2 }))), want: []string{"Sales/a.bak"}},
		{name: "one set", inv: inv(headed("Sales/a.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1)))},
		{name: "no header", inv: inv(bak("Sales/a.bak"))},
	})
}
