package layout

import (
	"testing"

	"github.com/baklint/baklint/bakhdr"
)

func TestVersionTooNewFiresWhenTheTargetIsOlderThanTheBackup(t *testing.T) {
	v := func(version string) fileOpt { return editHeader(func(h *bakhdr.Header) { h.Version = version }) }
	testRule(t, "version-too-new", vmTargets, []ruleCase{
		{name: "SQL Server 2019 backup", inv: inv(headed("Sales/a.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1), v("15.0.2080"))),
			want: []string{"Sales/a.bak"}, only: []string{"vm-2012", "vm-2014", "vm-2016", "vm-2017"}},
		{name: "SQL Server 2025 backup", inv: inv(headed("Sales/a.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1), v("17.0.1000"))),
			want: []string{"Sales/a.bak"}, only: []string{"vm-2012", "vm-2014", "vm-2016", "vm-2017", "vm-2019", "vm-2022"}},
		{name: "SQL Server 2008 R2 backup", inv: inv(headed("Sales/a.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1), v("10.50.1600")))},
		{name: "no header, no opinion", inv: inv(bak("Sales/a.bak"))},
	})
}
