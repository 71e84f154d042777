package layout

import (
	"strings"
	"testing"
)

func TestBackupExtensionFiresOnRealBackupsLRSWouldSkipByName(t *testing.T) {
	full := func(p string) File { return headed(p, "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1), read(Native, "")) }
	testRule(t, "backup-extension", lrsTargets, []ruleCase{
		{name: "no extension and an odd one", inv: inv(full("Sales/full"), full("Sales/full.bk")), want: []string{"Sales/full", "Sales/full.bk"}},
		{name: "accepted names, any case", inv: inv(full("Sales/a.bak"), full("Sales/b.TRN"), full("Sales/c.log"), full("Sales/d.diff"))},
		{name: "not a backup by content", inv: inv(bak("Sales/notes", read(NotNative, "")))},
	})
}

func TestBackupExtensionNamesTheFileFixWillWrite(t *testing.T) {
	res := Lint(inv(headed("Sales/x", "Sales", "log", lsn(1, 1, 1), lsn(1, 2, 1), read(Native, ""))), mustTarget(t, "lrs"))
	fs := findingsOf(res, "backup-extension")
	if len(fs) != 1 || !strings.Contains(fs[0].Remedy, "x.trn") {
		t.Fatalf("findings %+v: want the remedy to name x.trn", fs)
	}
}
