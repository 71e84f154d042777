package layout

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baklint/baklint/internal/testutil"
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

// A real compressed backup whose first record no longer reads as MS_XPRESS
// (the stand-in for an encrypted or QAT_DEFLATE/ZSTD backup, of which no
// sample exists) goes through the real scanner: the finding says what it
// may be and how to tell, and its database is not ready.
func TestARealCompressedBackupThatDoesNotDecodeIsReportedAsPossiblyEncrypted(t *testing.T) {
	lib := testutil.SharedData(t, "../../shared/testdata/backups/TasnimBrashdi-OOP-with-EFCore-and-database-project-/Library.bak")
	b, err := os.ReadFile(lib)
	if err != nil {
		t.Fatal(err)
	}
	if string(b[:8]) != "MSSQLBAK" || b[0x1E0] != 0x21 {
		t.Fatalf("Library.bak is not the compressed sample this test expects")
	}
	b[0x1E0] = 0x77 // a record kind no MS_XPRESS backup has
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "Library"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "Library", "Library.bak"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	inv := scanDir(t, root)
	if len(inv.Files) != 1 || inv.Files[0].Content != Undecoded {
		t.Fatalf("scanned %+v, want one Undecoded file", inv.Files)
	}
	res := Lint(inv, mustTarget(t, "mi"))
	fs := findingsOf(res, "unreadable-header")
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "encrypted") || !strings.Contains(fs[0].Remedy, "RESTORE HEADERONLY") {
		t.Errorf("findings %+v, want one unreadable-header naming encryption", res.Findings)
	}
	if len(res.Databases) != 1 || res.Databases[0].Name != "Library" {
		t.Fatalf("databases %+v, want Library, known by its folder", res.Databases)
	}
	for _, r := range res.Readiness() {
		if r.Ready {
			t.Errorf("lint calls %s ready, whose only backup does not decode", r.Database.Name)
		}
	}
}

// A backup of the database that does not decode may be the one the chain
// needs (an encrypted log), so the chain is not called complete.
func TestAnUndecodedBackupKeepsItsDatabasesChainFromCompleting(t *testing.T) {
	for _, c := range []struct {
		content Content
		want    bool // complete
	}{{Native, true}, {Undecoded, false}, {Damaged, false}} {
		files := []File{headed("Sales/full.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1))}
		if c.content != Native {
			files = append(files, bak("Sales/log.trn", read(c.content, "compressed records that do not decode as MS_XPRESS")))
		}
		db := databaseNamed(t, Lint(inv(files...), mustTarget(t, "mi")), "Sales")
		if got := db.ChainStatus == ChainComplete; got != c.want {
			t.Errorf("with a file of content %d: chain %s", c.content, db.ChainStatus)
		}
	}
}
