package layout

import "testing"

func TestReservedKeywordFiresOnBackupInFolderOrContainerNames(t *testing.T) {
	inContainerNamed := func(name string, files ...File) *Inventory {
		in := inv(files...)
		in.Container = name
		return in
	}
	testRule(t, "reserved-keyword", lrsTargets, []ruleCase{
		{name: "folder named Backups", inv: inv(bak("Backups/Sales/a.bak"), bak("Backups/HR/a.bak")), want: []string{"Backups/"}},
		{name: "second-level folder", inv: inv(bak("Sales/OldBACKUP/a.bak")), want: []string{"Sales/OldBACKUP/"}},
		{name: "container name", inv: inContainerNamed("sql-backups", bak("Sales/a.bak")), want: []string{""}},
		{name: "account-wide container", inv: inv(bak("Sales/a.bak", inContainer("mybackup")), bak("HR/a.bak", inContainer("other"))), want: []string{""}},
		{name: "clean names", inv: inContainerNamed("migration", bak("Sales/a.bak"), bak("HR/bak.bak"))},
		{name: "folder without backups in it", inv: inv(bak("Sales/a.bak"), bak("backup-notes/readme.txt"))},
	})
}
