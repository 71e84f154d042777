package layout

import (
	"strings"
	"testing"

	"github.com/baklint/baklint/bakhdr"
)

func TestAttributeFollowsHeaderThenNameThenFolder(t *testing.T) {
	for _, tc := range []struct {
		path   string
		header *bakhdr.Header
		db     string
		by     Attribution
		typ    string
	}{
		// Header first, whatever the name says.
		{"Other/Other_202401010100.bak", &bakhdr.Header{DatabaseName: "Real", BackupType: "differential"}, "Real", ByHeader, "differential"},
		{"x/y.trn", &bakhdr.Header{DatabaseName: "../../etc"}, "../../etc", ByHeader, "log"},
		// A header without a name falls through to the name.
		{"Sales_202401010100.bak", &bakhdr.Header{BackupType: "full"}, "Sales", ByName, "full"},
		// Ola Hallengren: file names, with and without instance, and the tree.
		{"SQL2008_db1_DIFF_20170518_041819.bak", nil, "db1", ByName, "differential"},
		{`SRV$INST_My_DB_FULL_COPY_ONLY_20240101_010000.bak`, nil, "My_DB", ByName, "full"},
		{`SRV$INST_Sales_LOG_20240101_010000_2.trn`, nil, "Sales", ByName, "log"},
		{"SRV_Sales_FULL_PARTIAL_20240101_010000.bak", nil, "Sales", ByName, "full"},
		{"appveyor-lab/sql2008-backups/db1/DIFF/SQL2008_db1_DIFF_20170518_041819.bak", nil, "db1", ByName, "differential"},
		{`SRV$INST/Sales_2/LOG_COPY_ONLY/whatever.trn`, nil, "Sales_2", ByName, "log"},
		{`SRV$INST/Sales/FULL/SRV$INST_Sales_FULL_20240101_010000.bak`, nil, "Sales", ByName, "full"},
		// Maintenance Plan, dbatools, Managed Backup.
		{"Sales_backup_2024_01_15_230001_1234567.trn", nil, "Sales", ByName, "log"},
		{"x/My_Db_backup_2024_01_15_230001_1234567.bak", nil, "My_Db", ByName, ""},
		{"Sales_202401152300.bak", nil, "Sales", ByName, ""},
		{"Sales_0123456789abcdef0123456789ABCDEF_20240115230001+00.log", nil, "Sales", ByName, "log"},
		// First-level folder.
		{"Sales/export.bak", nil, "Sales", ByFolder, ""},
		{"Sales/deep/export.diff", nil, "Sales", ByFolder, "differential"},
		{"SERVER/DB/Full/x.bak", nil, "SERVER", ByFolder, "full"},
		// Nothing.
		{"export.bak", nil, "", 0, ""},
		{"Sales_2024.bak", nil, "", 0, ""},
		{"FULL/x.bak", nil, "FULL", ByFolder, "full"},
	} {
		f := File{Path: tc.path, Header: tc.header}
		Attribute(&f)
		if f.Database != tc.db || f.AttributedBy != tc.by || f.BackupType.String() != tc.typ {
			t.Errorf("Attribute(%q) = (%q, %q, %q), want (%q, %q, %q)", tc.path, f.Database, f.AttributedBy, f.BackupType, tc.db, tc.by, tc.typ)
		}
	}
}

func TestSafeNameMatchesTheFixersFolderNames(t *testing.T) {
	for _, tc := range []struct {
		db       string
		reserved bool
		want     string
	}{
		{"Sales", false, "Sales"},
		{"Sales Archive", false, "Sales Archive"},
		{"BackupDB", true, "bkupDB"},
		{"BackupDB", false, "BackupDB"},
		{"MyBACKUPbackup", true, "Mybkupbkup"},
	} {
		if got := SafeName(tc.db, tc.reserved); got != tc.want {
			t.Errorf("SafeName(%q, %v) = %q, want %q", tc.db, tc.reserved, got, tc.want)
		}
	}
	unsafe := []string{"", ".", "..", "a/b", `a\b`, "x..y", "tab\there", "trail.", " lead", "a:b", strings.Repeat("x", 129), "\xff"}
	seen := map[string]string{}
	for _, db := range unsafe {
		got := SafeName(db, false)
		if !strings.HasPrefix(got, "_unsafe_") || len(got) != len("_unsafe_")+16 {
			t.Errorf("SafeName(%q) = %q, want _unsafe_<16 hex>", db, got)
		}
		if prev, dup := seen[got]; dup {
			t.Errorf("SafeName(%q) and SafeName(%q) are both %q", db, prev, got)
		}
		seen[got] = db
		if again := SafeName(db, false); again != got {
			t.Errorf("SafeName(%q) is not deterministic: %q then %q", db, got, again)
		}
	}
}
