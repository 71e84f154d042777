package layout

import (
	"strings"
	"testing"
)

func TestUnreadableHeaderFiresOnBackupExtensionsWithoutAHeader(t *testing.T) {
	bad := read(NotNative, "not a SQL Server backup: magic \"LSPD\"\nat offset 0")
	damaged := read(Damaged, "unreadable SQL Server backup header: raw SFMB block at offset 4096 is damaged")
	undecoded := read(Undecoded, "unreadable SQL Server backup header: compressed records that do not decode as MS_XPRESS: unknown compressed record kind 0x77")
	testRule(t, "unreadable-header", nil, []ruleCase{
		{name: "third-party .bak and .diff", inv: inv(bak("Sales/a.bak", bad), bak("Sales/b.diff", bad)), want: []string{"Sales/a.bak", "Sales/b.diff"}},
		{name: "native signature, header does not decode, any name", inv: inv(bak("Sales/a.bak", damaged), bak("Sales/b", damaged)), want: []string{"Sales/a.bak", "Sales/b"}},
		{name: "compressed records that do not decode, any name", inv: inv(bak("Sales/a.bak", undecoded), bak("Sales/b", undecoded)), want: []string{"Sales/a.bak", "Sales/b"}},
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

// An encrypted backup, or one compressed with QAT_DEFLATE or ZSTD, reaches
// the linter as compressed records that do not decode; the DBA must hear
// all three possibilities and how to tell them apart, not "upload again".
func TestUndecodedCompressedRecordsSayHowToTellEncryptionFromDamage(t *testing.T) {
	res := Lint(inv(bak("Sales/a.bak", read(Undecoded, "compressed records that do not decode as MS_XPRESS: unknown compressed record kind 0x77"))), mustTarget(t, "mi"))
	fs := findingsOf(res, "unreadable-header")
	if len(fs) != 1 {
		t.Fatalf("findings %+v: want one unreadable-header", res.Findings)
	}
	for _, want := range []string{"encrypted", "QAT_DEFLATE", "ZSTD", "damaged", "record kind 0x77"} {
		if !strings.Contains(fs[0].Message, want) {
			t.Errorf("message %q lacks %q", fs[0].Message, want)
		}
	}
	for _, want := range []string{"RESTORE HEADERONLY", "EncryptorThumbprint", "certificate"} {
		if !strings.Contains(fs[0].Remedy, want) {
			t.Errorf("remedy %q lacks %q", fs[0].Remedy, want)
		}
	}
	if db := res.Databases; len(db) == 1 && db[0].ChainStatus == "complete" {
		t.Errorf("a database whose only backup does not decode is called complete")
	}
}
