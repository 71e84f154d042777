package layout

import (
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/baklint/baklint/bakhdr"
	"github.com/baklint/baklint/bakhdr/bakhdrtest"
	"github.com/baklint/baklint/internal/testutil"
)

// These tests build layouts from the real backups of ../shared: each one is
// a case where baklint once said "ready" and DMS or LRS would have failed
// or restored the wrong database (issue 9).

const (
	rtc2008 = "RestoreTimeClean"     // server SQL2008
	rtc2016 = "restoretimeclean2016" // the same database restored on a SQL 2016 server
)

// placed is a layout to build: destination path -> source under appveyor-lab,
// or raw bytes.
type placed map[string]any

// build writes a layout into a temporary folder and scans it like `baklint
// lint` does.
func build(t *testing.T, files placed) *Inventory {
	t.Helper()
	root := t.TempDir()
	for dst, src := range files {
		p := filepath.Join(root, filepath.FromSlash(dst))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		switch s := src.(type) {
		case string:
			from := testutil.SharedData(t, filepath.Join(appveyorLab, filepath.FromSlash(s)))
			if err := testutil.CopyFile(from, p); err != nil {
				t.Fatal(err)
			}
		case []byte:
			if err := os.WriteFile(p, s, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return scanDir(t, root)
}

// olaTree places every backup of appveyor-lab/dir as SERVER/DB/{FULL,LOG}/file.
func olaTree(t *testing.T, files placed, server, db, dir string) {
	t.Helper()
	entries, err := os.ReadDir(testutil.SharedData(t, filepath.Join(appveyorLab, dir)))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		kind := "FULL"
		if strings.HasSuffix(e.Name(), ".trn") {
			kind = "LOG"
		}
		files[path.Join(server, db, kind, e.Name())] = path.Join(dir, e.Name())
	}
}

// databasesNamed returns every database called name, by server.
func databasesNamed(res *Result, name string) map[string]Database {
	out := map[string]Database{}
	for _, db := range res.Databases {
		if db.Name == name {
			out[db.ServerName] = db
		}
	}
	return out
}

func TestOneNameOnTwoServersIsTwoDatabasesEachWithItsOwnCompleteChain(t *testing.T) {
	files := placed{}
	olaTree(t, files, "SQL01", "RestoreTimeClean", rtc2008)
	olaTree(t, files, "SQL02", "RestoreTimeClean", rtc2016)
	res := Lint(build(t, files), mustTarget(t, "lrs"))

	dbs := databasesNamed(res, "RestoreTimeClean")
	if len(dbs) != 2 {
		t.Fatalf("databases named RestoreTimeClean: %+v, want one from SQL2008 and one from the SQL 2016 server", dbs)
	}
	for server, folder := range map[string]string{"SQL2008": "SQL01/RestoreTimeClean", `WIN-JNMR8KM0U3B\SQL2016`: "SQL02/RestoreTimeClean"} {
		db, ok := dbs[server]
		if !ok {
			t.Errorf("no RestoreTimeClean from %s: %+v", server, dbs)
			continue
		}
		if db.ChainStatus != ChainComplete || db.LastBackupName != "RestoreTimeClean2_3.trn" || db.Files != 8 {
			t.Errorf("%s: %d files, chain %s ending at %q; want 8 files, complete at RestoreTimeClean2_3.trn", server, db.Files, db.ChainStatus, db.LastBackupName)
		}
		for _, f := range db.Folders {
			if !strings.HasPrefix(f, folder+"/") {
				t.Errorf("%s: holds a file in %s, want only under %s", server, f, folder)
			}
		}
		if db.Folder == "RestoreTimeClean" || db.FolderReason == "" {
			t.Errorf("%s: fix folder %q (%q); want its own folder and why", server, db.Folder, db.FolderReason)
		}
	}
	if a, b := dbs["SQL2008"], dbs[`WIN-JNMR8KM0U3B\SQL2016`]; a.FamilyGUID != b.FamilyGUID || a.BindingID == b.BindingID {
		t.Errorf("identities %s/%s and %s/%s: want one FamilyGUID and two BindingIDs", a.FamilyGUID, a.BindingID, b.FamilyGUID, b.BindingID)
	}
	clash := findingsOf(res, "database-name-clash")
	if len(clash) != 2 {
		t.Fatalf("database-name-clash: %+v, want one finding per database", clash)
	}
	for _, f := range clash {
		if !strings.Contains(f.Message, "SQL2008") || !strings.Contains(f.Message, "SQL2016") {
			t.Errorf("clash message %q does not name both servers", f.Message)
		}
	}
	if n := len(findingsOf(res, "mixed-databases")); n != 0 {
		t.Errorf("%d mixed-databases findings: no folder holds both", n)
	}
}

func TestOneNameFromTwoServersInOneFolderIsMixedDatabasesNamingBothServers(t *testing.T) {
	files := placed{}
	for _, name := range []string{"RestoreTimeClean.bak", "RestoreTimeClean_1.trn"} {
		files["RestoreTimeClean/a_"+name] = path.Join(rtc2008, name)
		files["RestoreTimeClean/b_"+name] = path.Join(rtc2016, name)
	}
	res := Lint(build(t, files), mustTarget(t, "any"))
	mixed := findingsOf(res, "mixed-databases")
	if len(mixed) != 1 || mixed[0].Path != "RestoreTimeClean/" {
		t.Fatalf("mixed-databases: %+v, want one on RestoreTimeClean/", mixed)
	}
	for _, want := range []string{`"SQL2008"`, `"WIN-JNMR8KM0U3B\SQL2016"`, "2 databases"} {
		if !strings.Contains(mixed[0].Message, want) {
			t.Errorf("message %q does not say %s", mixed[0].Message, want)
		}
	}
	if n := len(findingsOf(res, "database-name-clash")); n != 0 {
		t.Errorf("%d database-name-clash findings where mixed-databases says it all", n)
	}
}

func TestACutOffCopyOfARealLogIsAnErrorAndNeverTheLastBackup(t *testing.T) {
	full, err := os.ReadFile(filepath.Join(appveyorLab, "sql2008-backups/StopAt/StopAt_23.trn"))
	if err != nil {
		t.Skipf("shared test data not available: %v", err)
	}
	for _, cut := range []int{len(full) / 2, len(full) - 4096, 70_000} {
		files := placed{"StopAt/StopAt_23.trn": full[:cut]}
		for _, n := range []string{"StopAt.bak", "StopAt_1.trn", "StopAt_2.trn", "StopAt_21.trn"} {
			files["StopAt/"+n] = "sql2008-backups/StopAt/" + n
		}
		res := Lint(build(t, files), mustTarget(t, "lrs"))
		tr := findingsOf(res, "truncated-backup")
		if len(tr) != 1 || tr[0].Path != "StopAt/StopAt_23.trn" || tr[0].Severity != Error || !tr[0].KeepsFile {
			t.Errorf("cut at %d: truncated-backup %+v, want one error on StopAt_23.trn that keeps it", cut, tr)
		}
		db := databaseNamed(t, res, "StopAt")
		if db.ChainStatus == ChainComplete || db.LastBackupName != "" {
			t.Errorf("cut at %d: chain %s with last_backup_name %q; a cut-off log must not complete it", cut, db.ChainStatus, db.LastBackupName)
		}
		if db.RestorableUntil == "" || db.RestorableUntil == "StopAt_23.trn" {
			t.Errorf("cut at %d: restorable_until %q, want a file before the cut-off one", cut, db.RestorableUntil)
		}
		if n := len(findingsOf(res, "unreadable-header")); n != 0 {
			t.Errorf("cut at %d: %d unreadable-header findings as well", cut, n)
		}
	}
}

func TestABrokenRealChainGivesRestorableUntilAndNoLastBackupName(t *testing.T) {
	in := scanRealCopy(t, "sql2008-backups/StopAt", []string{"StopAt_2.trn"})
	db := databaseNamed(t, Lint(in, mustTarget(t, "lrs")), "StopAt")
	if db.ChainStatus != ChainBroken || db.LastBackupName != "" || db.LastBackup != "" {
		t.Errorf("chain %s, last_backup_name %q, last_backup %q; want broken with neither", db.ChainStatus, db.LastBackupName, db.LastBackup)
	}
	if db.RestorableUntil != "StopAt_1.trn" {
		t.Errorf("restorable_until %q, want StopAt_1.trn, the last log before the gap", db.RestorableUntil)
	}
}

func TestATextFileNamedBakIsNoBackupAndMakesNoDatabase(t *testing.T) {
	files := placed{
		"Notes/readme.bak":   []byte(strings.Repeat("restore these with care\n", 100)),
		"StopAt/StopAt.bak":  "sql2008-backups/StopAt/StopAt.bak",
		"StopAt/release.bak": []byte(strings.Repeat("x", 2048)),
	}
	res := Lint(build(t, files), mustTarget(t, "any"))
	for _, db := range res.Databases {
		if db.Name != "StopAt" {
			t.Errorf("database %q made from a file that is no backup", db.Name)
		}
	}
	var got []string
	for _, f := range findingsOf(res, "unreadable-header") {
		got = append(got, f.Path)
		if !f.KeepsFile {
			t.Errorf("%s: unreadable-header does not keep the file out of the plan", f.Path)
		}
	}
	if want := []string{"Notes/readme.bak", "StopAt/release.bak"}; !slices.Equal(got, want) {
		t.Errorf("unreadable-header on %q, want %q", got, want)
	}
	if db := databaseNamed(t, res, "StopAt"); db.Files != 1 || db.ChainStatus != ChainComplete {
		t.Errorf("StopAt: %d files, chain %s; the text file must not join it", db.Files, db.ChainStatus)
	}
}

func TestARealBackupWithoutAnExtensionIsReadByItsHeader(t *testing.T) {
	files := placed{"Legacy/StopAt_full": "sql2008-backups/StopAt/StopAt.bak", "Legacy/notes": []byte(strings.Repeat("n", 4096))}
	in := build(t, files)
	for _, target := range []string{"lrs", "any"} {
		res := Lint(in, mustTarget(t, target))
		if len(res.Databases) != 1 || res.Databases[0].Name != "StopAt" || res.Databases[0].AttributedBy != ByHeader {
			t.Errorf("%s: databases %+v, want only StopAt, by header (not a phantom named after the folder)", target, res.Databases)
		}
		var ext []string
		for _, f := range findingsOf(res, "backup-extension") {
			ext = append(ext, f.Path)
		}
		if want := map[string][]string{"lrs": {"Legacy/StopAt_full"}}[target]; !slices.Equal(ext, want) {
			t.Errorf("%s: backup-extension on %q, want %q", target, ext, want)
		}
		if nb := findingsOf(res, "non-backup-file"); len(nb) != 1 || nb[0].Path != "Legacy/notes" {
			t.Errorf("%s: non-backup-file %+v, want only Legacy/notes", target, nb)
		}
	}
}

// A database restored over itself (RESTORE … WITH REPLACE) keeps its
// FamilyGUID and gets a new BindingID on the same server: one database,
// whose backups from before the restore cannot join the new chain.
func TestADatabaseRestoredInPlaceIsOneDatabaseWhoseOlderBackupsCannotJoin(t *testing.T) {
	old := bakhdrtest.Chain("Sales", 2, bakhdrtest.WithVLF(40))
	restored := bakhdrtest.Chain("Sales", 2, bakhdrtest.WithVLF(60), bakhdrtest.WithStart(time.Date(2024, 2, 1, 1, 0, 0, 0, time.UTC)))
	res := Lint(build(t, restoredInPlace(old, restored, "", "")), mustTarget(t, "lrs"))
	if len(res.Databases) != 1 {
		t.Fatalf("databases %+v, want one Sales", res.Databases)
	}
	db := res.Databases[0]
	if db.BindingID != "22222222-2222-4222-8222-222222222222" || db.ChainStatus != ChainComplete || db.LastBackupName != restored[2].Name {
		t.Errorf("Sales: BindingID %s, chain %s at %q; want the current identity, complete at %s", db.BindingID, db.ChainStatus, db.LastBackupName, restored[2].Name)
	}
	var stale []string
	for _, f := range findingsOf(res, "log-chain-gap") {
		if !strings.Contains(f.Message, "restored in place") || !f.KeepsFile {
			t.Errorf("%s: %q (keeps file %v)", f.Path, f.Message, f.KeepsFile)
		}
		stale = append(stale, path.Base(f.Path))
	}
	var want []string
	for _, b := range old {
		want = append(want, b.Name)
	}
	slices.Sort(stale)
	slices.Sort(want)
	if !slices.Equal(stale, want) {
		t.Errorf("reported as older than the restore: %q, want %q", stale, want)
	}
	for _, r := range []string{"mixed-databases", "database-name-clash"} {
		if n := len(findingsOf(res, r)); n != 0 {
			t.Errorf("%d %s findings for one database restored in place", n, r)
		}
	}
}

// A backup whose database is known only by name joins the one database of
// that name, and stays out of every one when two share it.
func TestAFileKnownOnlyByNameIsAmbiguousWhenTwoDatabasesShareTheName(t *testing.T) {
	mk := func(server string) []byte {
		return bakhdrtest.Synthesize(bakhdr.Header{DatabaseName: "Sales", ServerName: server}, 16<<10)
	}
	one := build(t, placed{"Sales/a.bak": mk("SQL01"), "Sales/Sales_202401010100.trn": []byte("TAPE" + strings.Repeat("\x00", 2000))})
	res := Lint(one, mustTarget(t, "any"))
	if len(res.Databases) != 1 || res.Databases[0].Files != 2 {
		t.Errorf("one identity: databases %+v, want Sales with both files", res.Databases)
	}
	two := build(t, placed{"A/a.bak": mk("SQL01"), "B/b.bak": mk("SQL02"), "C/Sales_202401010100.trn": []byte("TAPE" + strings.Repeat("\x00", 2000))})
	res = Lint(two, mustTarget(t, "any"))
	if len(res.Databases) != 2 {
		t.Errorf("two identities: databases %+v, want two", res.Databases)
	}
	un := findingsOf(res, "unattributed-backup")
	if len(un) != 1 || un[0].Path != "C/Sales_202401010100.trn" || !strings.Contains(un[0].Message, "several different databases") {
		t.Errorf("unattributed-backup %+v, want the name-only file, as ambiguous", un)
	}
}

// Restored in place from a point before the latest backups: the current
// chain's LSNs are lower than the stale ones, and must still win.
func TestARestoreToAnEarlierPointKeepsTheCurrentChainNotTheStaleOne(t *testing.T) {
	old := bakhdrtest.Chain("Sales", 2, bakhdrtest.WithVLF(60))
	restored := bakhdrtest.Chain("Sales", 2, bakhdrtest.WithVLF(40), bakhdrtest.WithStart(time.Date(2024, 2, 1, 1, 0, 0, 0, time.UTC)))
	db := databaseNamed(t, Lint(build(t, restoredInPlace(old, restored, "old_", "new_")), mustTarget(t, "lrs")), "Sales")
	if want := "new_" + restored[2].Name; db.ChainStatus != ChainComplete || db.LastBackupName != want {
		t.Errorf("chain %s at %q, want complete at %s (the chain since the restore)", db.ChainStatus, db.LastBackupName, want)
	}
}

// A header whose LSNs the decoder could only estimate cannot complete a
// chain: bakhdr lists them in Unknown.
func TestABackupWithEstimatedLSNsCannotCompleteAChain(t *testing.T) {
	full := headed("Sales/full.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 5, 1))
	log := headed("Sales/log.trn", "Sales", "log", lsn(1, 5, 1), lsn(1, 9, 1))
	db := databaseNamed(t, Lint(inv(full, log), mustTarget(t, "any")), "Sales")
	if db.ChainStatus != ChainComplete || db.LastBackupName != "log.trn" {
		t.Fatalf("with known LSNs: chain %s at %q", db.ChainStatus, db.LastBackupName)
	}
	log.Header.Unknown = []string{"backup_finish", "first_lsn", "last_lsn", "checkpoint_lsn"}
	db = databaseNamed(t, Lint(inv(full, log), mustTarget(t, "any")), "Sales")
	if db.ChainStatus == ChainComplete || db.LastBackupName != "" || db.RestorableUntil != "full.bak" {
		t.Errorf("with estimated LSNs: chain %s, last_backup_name %q, restorable_until %q; want broken, restorable until full.bak", db.ChainStatus, db.LastBackupName, db.RestorableUntil)
	}
}

// LRS picks backups by name: a real log without a backup extension is a
// hole in the chain it restores, though not in the one a VM restores.
func TestAnExtensionlessLogBreaksTheChainForLRSOnly(t *testing.T) {
	files := placed{"StopAt/StopAt_1": "sql2008-backups/StopAt/StopAt_1.trn"}
	for _, n := range []string{"StopAt.bak", "StopAt_2.trn", "StopAt_21.trn", "StopAt_23.trn"} {
		files["StopAt/"+n] = "sql2008-backups/StopAt/" + n
	}
	in := build(t, files)
	if db := databaseNamed(t, Lint(in, mustTarget(t, "vm-2019")), "StopAt"); db.ChainStatus != ChainComplete || db.LastBackupName != "StopAt_23.trn" {
		t.Errorf("vm-2019: chain %s at %q, want complete at StopAt_23.trn", db.ChainStatus, db.LastBackupName)
	}
	res := Lint(in, mustTarget(t, "lrs"))
	if db := databaseNamed(t, res, "StopAt"); db.ChainStatus != ChainBroken || db.LastBackupName != "" {
		t.Errorf("lrs: chain %s at %q, want broken: LRS skips StopAt_1", db.ChainStatus, db.LastBackupName)
	}
	if n := len(findingsOf(res, "log-chain-gap")); n != 1 {
		t.Errorf("lrs: %d log-chain-gap findings, want 1", n)
	}
}

// Without headers (--no-headers) nothing tells whether Ola trees of two
// servers hold one database: the files stay unattributed, not merged.
func TestWithoutHeadersOneNameInTwoServersOlaTreesIsAmbiguous(t *testing.T) {
	in := inv(bak("SQL01/Sales/FULL/SQL01_Sales_FULL_20240101_010000.bak"), bak("SQL02/Sales/FULL/SQL02_Sales_FULL_20240101_010000.bak"),
		bak("SQL01/HR/FULL/SQL01_HR_FULL_20240101_010000.bak"))
	res := Lint(in, mustTarget(t, "any"))
	if len(res.Databases) != 1 || res.Databases[0].Name != "HR" {
		t.Errorf("databases %+v, want only HR", res.Databases)
	}
	if n := len(findingsOf(res, "unattributed-backup")); n != 2 {
		t.Errorf("%d unattributed-backup findings, want the 2 Sales files", n)
	}
}

func TestDatabasesSharingANameGetFoldersThatNeverCollide(t *testing.T) {
	sales := func(p, server, binding string) File {
		return headed(p, "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1), identity(server, binding, binding))
	}
	real := headed("C/x.bak", "Sales-SQL01", "full", lsn(1, 1, 1), lsn(1, 2, 1), identity("SQL03", "33333333-0000-4000-8000-000000000000", "f3"))
	for _, tc := range []struct {
		name string
		in   *Inventory
		want map[string]string // BindingID -> folder
	}{
		{"two servers", inv(sales("A/a.bak", "SQL01", "11111111-0000-4000-8000-000000000000"), sales("B/b.bak", `SQL02\PROD`, "22222222-0000-4000-8000-000000000000")),
			map[string]string{"11111111-0000-4000-8000-000000000000": "Sales-SQL01", "22222222-0000-4000-8000-000000000000": "Sales-SQL02_PROD"}},
		{"one server, dropped and re-created", inv(sales("A/a.bak", "SQL01", "11111111-0000-4000-8000-000000000000"), sales("B/b.bak", "SQL01", "22222222-0000-4000-8000-000000000000")),
			map[string]string{"11111111-0000-4000-8000-000000000000": "Sales-SQL01-11111111", "22222222-0000-4000-8000-000000000000": "Sales-SQL01-22222222"}},
		{"no server name", inv(sales("A/a.bak", "", "11111111-0000-4000-8000-000000000000"), sales("B/b.bak", "", "22222222-0000-4000-8000-000000000000")),
			map[string]string{"11111111-0000-4000-8000-000000000000": "Sales-11111111", "22222222-0000-4000-8000-000000000000": "Sales-22222222"}},
		{"a database really named Sales-SQL01", inv(sales("A/a.bak", "SQL01", "11111111-0000-4000-8000-000000000000"), sales("B/b.bak", "SQL02", "22222222-0000-4000-8000-000000000000"), real),
			map[string]string{"11111111-0000-4000-8000-000000000000": "Sales-SQL01-11111111", "22222222-0000-4000-8000-000000000000": "Sales-SQL02", "33333333-0000-4000-8000-000000000000": "Sales-SQL01"}},
	} {
		res := Lint(tc.in, mustTarget(t, "any"))
		seen := map[string]bool{}
		for _, db := range res.Databases {
			if want := tc.want[db.BindingID]; db.Folder != want {
				t.Errorf("%s: %s from %s gets folder %q, want %q", tc.name, db.Name, db.ServerName, db.Folder, want)
			}
			if seen[strings.ToLower(db.Folder)] {
				t.Errorf("%s: folder %q given twice", tc.name, db.Folder)
			}
			seen[strings.ToLower(db.Folder)] = true
		}
	}
}

// restoredInPlace lays out two chains of Sales as one server writes them
// before and after restoring the database over itself: one FamilyGUID, a
// new BindingID. The prefixes keep their file names apart.
func restoredInPlace(old, restored []bakhdrtest.Backup, oldPrefix, newPrefix string) placed {
	files := placed{}
	for k, set := range [][]bakhdrtest.Backup{old, restored} {
		for _, b := range set {
			h := b.Header
			h.BindingID = []string{"11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"}[k]
			h.FamilyGUID = "33333333-3333-4333-8333-333333333333"
			files["Sales/"+[]string{oldPrefix, newPrefix}[k]+b.Name] = bakhdrtest.Synthesize(h, b.Size)
		}
	}
	return files
}
