package fix

import (
	"context"
	"errors"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/sas"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/blobscan/azstore"
	"github.com/baklint/baklint/errclass"
	"github.com/baklint/baklint/internal/azurite"
	"github.com/baklint/baklint/internal/testutil"
	"github.com/baklint/baklint/layout"
)

const appveyorLab = "../../shared/testdata/backups/appveyor-lab"

// twoServersTree lays out the RestoreTimeClean pair as Ola Hallengren's
// scripts would on two servers: SQL01 holds the SQL 2008 database, SQL02 a
// copy of it restored on SQL Server 2016 (same FamilyGUID, other BindingID).
func twoServersTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for server, src := range map[string]string{"SQL01": "RestoreTimeClean", "SQL02": "restoretimeclean2016"} {
		from := testutil.SharedData(t, filepath.Join(appveyorLab, src))
		entries, err := os.ReadDir(from)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			kind := "FULL"
			if strings.HasSuffix(e.Name(), ".trn") {
				kind = "LOG"
			}
			placeFile(t, filepath.Join(from, e.Name()), filepath.Join(dir, server, "RestoreTimeClean", kind, e.Name()))
		}
	}
	return dir
}

func placeFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, to, b)
}

// TestTwoDatabasesSharingANameAreFixedIntoTwoFoldersThatEachLintClean is the
// acceptance test of issue 9: the plan gives each identity its own folder,
// and after apply each destination folder, linted on its own, is clean with
// a complete chain of the right database.
func TestTwoDatabasesSharingANameAreFixedIntoTwoFoldersThatEachLintClean(t *testing.T) {
	ctx := context.Background()
	e := azurite.Get(t)
	src, dst := treeAndDest(t, e, twoServersTree(t))
	vm2016 := mustTarget("vm-2016")

	d := Plan(scanInventory(t, src), vm2016, Dest{Display: dst.Location()}, PlanOptions{})
	folders := map[string]int{}
	for _, m := range d.Moves {
		folders[path.Dir(m.To)]++
		if m.Folder == "" || !strings.Contains(m.FolderReason, "2 different databases are named") {
			t.Errorf("%s -> %s: folder %q, reason %q; want its own folder and why", m.From, m.To, m.Folder, m.FolderReason)
		}
		// Each server's backups go to that server's folder, never the other's.
		server := strings.Split(m.From, "/")[0]
		if want := map[string]string{"SQL01": "SQL2008", "SQL02": "SQL2016"}[server]; !strings.Contains(m.To, want) {
			t.Errorf("%s -> %s: not in the folder of the database from %s", m.From, m.To, want)
		}
	}
	if len(folders) != 2 || len(d.Moves) != 16 || len(d.Skipped) != 0 {
		t.Fatalf("plan: folders %v, %d moves, skipped %+v; want 8 moves into each of 2 folders", folders, len(d.Moves), d.Skipped)
	}
	if _, err := Apply(ctx, d, src, dst, ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	wantServer := map[string]string{"RestoreTimeClean-SQL2008": "SQL2008", "RestoreTimeClean-WIN-JNMR8KM0U3B_SQL2016": `WIN-JNMR8KM0U3B\SQL2016`}
	for folder := range folders {
		server, ok := wantServer[folder]
		if !ok {
			t.Errorf("unexpected destination folder %q", folder)
			continue
		}
		// Linted on its own, as DMS reads it: the folder is the source.
		one := azContainer(t, e.BlobEndpoint, dst.Container(), nil)
		one.Scope = folder + "/"
		res := layout.Lint(scanInventory(t, one), vm2016)
		for _, f := range res.Findings {
			if f.Severity >= layout.Warning && f.Rule != "no-checksum" {
				t.Errorf("%s: %s %s: %s", folder, f.Rule, f.Path, f.Message)
			}
		}
		if len(res.Databases) != 1 {
			t.Fatalf("%s: databases %+v, want one", folder, res.Databases)
		}
		db := res.Databases[0]
		if db.ServerName != server || db.ChainStatus != layout.ChainComplete || db.LastBackupName != "RestoreTimeClean2_3.trn" || db.Files != 8 {
			t.Errorf("%s: %d files of %s, chain %s at %q; want the 8 of %s, complete at RestoreTimeClean2_3.trn", folder, db.Files, db.ServerName, db.ChainStatus, db.LastBackupName, server)
		}
	}
}

// TestPlanLeavesWhatLintCallsUnrestorable: a text file named .bak, a
// cut-off log and a SQL Server 2016 backup planned for SQL Server 2014 stay
// where they are, with lint's finding as the reason.
func TestPlanLeavesWhatLintCallsUnrestorable(t *testing.T) {
	dir := t.TempDir()
	stopAt := testutil.SharedData(t, filepath.Join(appveyorLab, "sql2008-backups/StopAt"))
	testutil.CopyTree(t, stopAt, filepath.Join(dir, "StopAt"))
	log, err := os.ReadFile(filepath.Join(stopAt, "StopAt_23.trn"))
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, filepath.Join(dir, "StopAt", "StopAt_23.trn"), log[:len(log)/2])
	mustWrite(t, filepath.Join(dir, "StopAt", "notes.bak"), []byte(strings.Repeat("call the DBA before restoring\n", 80)))
	placeFile(t, filepath.Join(appveyorLab, "restoretimeclean2016/RestoreTimeClean.bak"), filepath.Join(dir, "New", "RestoreTimeClean.bak"))
	placeFile(t, filepath.Join(stopAt, "StopAt.bak"), filepath.Join(dir, "Legacy", "StopAt_copy"))

	src := newLocal(t, dir)
	d := Plan(scanInventory(t, src), vm2014, Dest{Display: t.TempDir(), Local: true}, PlanOptions{})
	for p, rule := range map[string]string{
		"StopAt/StopAt_23.trn":      "truncated-backup (error)",
		"StopAt/notes.bak":          "unreadable-header (warning)",
		"New/RestoreTimeClean.bak":  "version-too-new (error)",
		"Legacy/StopAt_copy":        "", // a real backup, however named: it moves
		"StopAt/StopAt.bak":         "",
		"StopAt/StopAt_21.trn":      "",
		"StopAt/missing-on-purpose": "",
	} {
		r := skipReason(d, p)
		switch {
		case rule == "" && r != "":
			t.Errorf("%s skipped: %s", p, r)
		case rule != "" && !strings.HasPrefix(r, rule):
			t.Errorf("%s: reason %q, want lint's %s finding", p, r, rule)
		}
	}
	moved := moveMap(d)
	for _, m := range d.Moves {
		if strings.HasSuffix(m.From, "notes.bak") || strings.HasSuffix(m.From, "StopAt_23.trn") || strings.HasPrefix(m.From, "New/") {
			t.Errorf("%s is planned to move to %s", m.From, m.To)
		}
	}
	// The extension-less backup joins its database, named so LRS reads it.
	if m, ok := moved["Legacy/StopAt_copy"]; !ok || m.To != "StopAt/StopAt_copy.bak" || m.Database != "StopAt" {
		t.Errorf("Legacy/StopAt_copy: %+v, want StopAt/StopAt_copy.bak", m)
	}
}

// TestScanStopsWithAStorageFailureWhenBlobsCanBeListedButNotRead runs the
// scanner through a List-only SAS on Azurite: every header read is refused,
// which must end the scan, not become findings.
func TestScanStopsWithAStorageFailureWhenBlobsCanBeListedButNotRead(t *testing.T) {
	e := azurite.Get(t)
	name := e.NewContainer(t)
	e.Upload(t, name, testutil.ReadTree(t, testutil.SharedData(t, filepath.Join(appveyorLab, "sql2008-backups/StopAt"))))
	q := azurite.ContainerSAS(t, name, sas.ContainerPermissions{List: true}, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	c, err := azstore.NewContainer(azurite.Account, e.BlobEndpoint, name, azstore.Auth{SAS: q}, azstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = blobscan.Scan(context.Background(), []blobscan.Reader{c}, blobscan.ScanOptions{Headers: true})
	if !errors.Is(err, errclass.Auth) || !strings.Contains(err.Error(), "Read") {
		t.Fatalf("scan with a List-only SAS: %v, want an authentication failure naming the Read permission", err)
	}
	if strings.Contains(err.Error(), "sig=") {
		t.Errorf("error shows the SAS signature: %v", err)
	}
}
