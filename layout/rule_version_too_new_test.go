package layout

import (
	"strings"
	"testing"

	"github.com/baklint/baklint/bakhdr"
)

func TestVersionTooNewFiresWhenTheTargetIsOlderThanTheBackup(t *testing.T) {
	v := func(version string) fileOpt { return editHeader(func(h *bakhdr.Header) { h.Version = version }) }
	testRule(t, "version-too-new", versionedTargets, []ruleCase{
		{name: "SQL Server 2019 backup", inv: inv(headed("Sales/a.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1), v("15.0.2080"))),
			want: []string{"Sales/a.bak"}, only: []string{"vm-2012", "vm-2014", "vm-2016", "vm-2017"}},
		{name: "SQL Server 2025 backup", inv: inv(headed("Sales/a.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1), v("17.0.1000"))),
			want: []string{"Sales/a.bak"}, only: []string{"vm-2012", "vm-2014", "vm-2016", "vm-2017", "vm-2019", "vm-2022", "mi", "lrs"}},
		{name: "SQL Server 2022 backup", inv: inv(headed("Sales/a.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1), v("16.0.1000"))),
			want: []string{"Sales/a.bak"}, only: []string{"vm-2012", "vm-2014", "vm-2016", "vm-2017", "vm-2019"}},
		{name: "backup of a future SQL Server", inv: inv(headed("Sales/a.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1), v("18.0.100"))),
			want: []string{"Sales/a.bak"}, only: []string{"vm-2012", "vm-2014", "vm-2016", "vm-2017", "vm-2019", "vm-2022", "vm-2025", "mi", "mi-2025", "lrs", "lrs-2025"}},
		{name: "SQL Server 2008 R2 backup", inv: inv(headed("Sales/a.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1), v("10.50.1600")))},
		{name: "no header, no opinion", inv: inv(bak("Sales/a.bak"))},
	})
}

func TestVersionTooNewTellsAManagedInstanceWhichUpdatePolicyRestoresTheBackup(t *testing.T) {
	in := inv(headed("Sales/a.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1), editHeader(func(h *bakhdr.Header) { h.Version = "17.0.1000" })))
	for target, want := range map[string]string{
		"mi":      "(--target mi-2025 or mi-aut)",
		"lrs":     "(--target lrs-2025 or lrs-aut)",
		"vm-2019": "(--target vm-2025), or migrate to Azure SQL Managed Instance (--target mi-2025)",
	} {
		fs := findingsOf(Lint(in, mustTarget(t, target)), "version-too-new")
		if len(fs) != 1 || !strings.Contains(fs[0].Remedy, want) {
			t.Errorf("target %s: findings %+v, want one whose remedy says %q", target, fs, want)
		}
	}
}
