package layout

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baklint/baklint/internal/testutil"
)

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
