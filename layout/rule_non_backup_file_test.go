package layout

import "testing"

func TestNonBackupFileFiresNextToBackups(t *testing.T) {
	testRule(t, "non-backup-file", nil, []ruleCase{
		{name: "text and bacpac in a backup folder", inv: inv(bak("Sales/a.bak"), bak("Sales/readme.txt"), bak("Sales/db.bacpac")),
			want: []string{"Sales/db.bacpac", "Sales/readme.txt"}},
		{name: "at the root next to backups", inv: inv(bak("a.bak"), bak("notes.md")), want: []string{"notes.md"}},
		{name: "a file with a header counts as a backup whatever its name", inv: inv(bak("Sales/a.bak"), headed("Sales/Noextension", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1)))},
		{name: "a folder without backups", inv: inv(bak("Sales/a.bak"), bak("docs/readme.txt"))},
		{name: "upper-case extensions are backups", inv: inv(bak("Sales/A.BAK"), bak("Sales/B.Trn"))},
	})
}
