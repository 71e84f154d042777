package layout

import (
	"strings"
	"testing"
)

func TestUnreadableHeaderFiresOnBackupExtensionsWithoutAHeader(t *testing.T) {
	bad := read(NotNative, "not a SQL Server backup: magic \"LSPD\"\nat offset 0")
	damaged := read(Damaged, "unreadable SQL Server backup header: unknown compressed record kind 0x00")
	testRule(t, "unreadable-header", nil, []ruleCase{
		{name: "third-party .bak and .diff", inv: inv(bak("Sales/a.bak", bad), bak("Sales/b.diff", bad)), want: []string{"Sales/a.bak", "Sales/b.diff"}},
		{name: "native signature, header does not decode, any name", inv: inv(bak("Sales/a.bak", damaged), bak("Sales/b", damaged)), want: []string{"Sales/a.bak", "Sales/b"}},
		{name: "a cut-off file is truncated-backup's business", inv: inv(bak("Sales/a.bak", read(Truncated, "truncated backup: no end-of-set")))},
		{name: "a non-backup name that is not a backup is non-backup-file's business", inv: inv(bak("Sales/notes.txt", read(NotNative, "")), headed("Sales/a.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1)))},
		{name: "header read", inv: inv(headed("Sales/a.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1)))},
		{name: "headers not read (--no-headers)", inv: inv(bak("Sales/a.bak"))},
		{name: "empty file is empty-backup's business", inv: inv(bak("Sales/a.bak", bad, withSize(0)))},
		{name: "other extensions are another rule's business", inv: inv(bak("Sales/a.bak"), bak("Sales/a.zip", bad))},
	})
}

func TestUnreadableHeaderMessageIsOneLine(t *testing.T) {
	res := Lint(inv(bak("Sales/a.bak", read(NotNative, "bad\nmagic\r\n"))), mustTarget(t, "any"))
	fs := findingsOf(res, "unreadable-header")
	if len(fs) != 1 || strings.ContainsAny(fs[0].Message, "\r\n") {
		t.Fatalf("findings %+v: want one, on one line", fs)
	}
}
