package report

import (
	"bytes"
	"flag"
	"io"
	"path/filepath"
	"testing"

	"github.com/baklint/baklint/bakhdr"
	"github.com/baklint/baklint/internal/testutil"
	"github.com/baklint/baklint/layout"
)

var update = flag.Bool("update", false, "rewrite golden files and docs/rules.md from the current output")

// fakeSig is a SAS signature planted in sources; no format may print it.
const fakeSig = "sig=Zm9vYmFyU0VDUkVUc2lnbmF0dXJlMTIzNDU2Nzg5MA%3D%3D"

// olaResult is Ola Hallengren's default tree on a vm-2014 target: nested
// folders, a block blob, an archived log, two databases in one folder and a
// text file among the backups. The source carries a SAS that must vanish.
func olaResult() *layout.Result {
	return &layout.Result{
		Source:   "https://contoso.blob.core.windows.net/sqlbackups?sv=2022-11-02&ss=b&sp=rl&" + fakeSig,
		Location: testutil.Location("https://contoso.blob.core.windows.net/sqlbackups?sv=2022-11-02&ss=b&sp=rl&" + fakeSig),
		Target:   "vm-2014",
		Inventory: layout.InventoryStats{
			Files: 9, Bytes: 9_663_676_416 + 1_073_741_824 + 52_428_800 + 1024, Folders: 7, Databases: 3,
		},
		Databases: []layout.Database{
			{Name: "Sales", Folders: []string{"SQL01$PROD/Sales/FULL", "SQL01$PROD/Sales/LOG"}, Files: 4, Bytes: 9_663_676_416,
				AttributedBy: layout.ByHeader, LatestFull: "SQL01$PROD/Sales/FULL/SQL01$PROD_Sales_FULL_20240301_010000.bak",
				LastBackup: "SQL01$PROD/Sales/LOG/SQL01$PROD_Sales_LOG_20240301_013000.trn", LastBackupName: "SQL01$PROD_Sales_LOG_20240301_013000.trn",
				ChainStatus: "complete", DataBytes: salesDataBytes},
			{Name: "HR", Folders: []string{"SQL01$PROD/HR/FULL", "SQL01$PROD/HR/LOG"}, Files: 3, Bytes: 1_073_741_824,
				AttributedBy: layout.ByName, LatestFull: "SQL01$PROD/HR/FULL/SQL01$PROD_HR_FULL_20240301_010000.bak",
				ChainStatus: "broken"},
			{Name: "Finance", Folders: nil, Files: 1, Bytes: 52_428_800, AttributedBy: layout.ByFolder, ChainStatus: "unknown"},
		},
		// Deliberately out of order: renderers must sort by path, then rule.
		Findings: []layout.Finding{
			{Rule: "page-blob-required", Severity: layout.Error, Path: "SQL01$PROD/Sales/FULL/SQL01$PROD_Sales_FULL_20240301_010000.bak", Database: "Sales",
				Message: "block blob; SQL Server 2014 restores only from page blobs", Remedy: "copy it as a page blob (baklint fix --target vm-2014)"},
			{Rule: "nested-folder", Severity: layout.Error, Path: "SQL01$PROD/Sales/FULL/SQL01$PROD_Sales_FULL_20240301_010000.bak", Database: "Sales",
				Message: "3 folders below the container root; DMS reads at most 1", Remedy: "move it to Sales/ (baklint fix)"},
			{Rule: "archived-blob", Severity: layout.Error, Path: "SQL01$PROD/HR/LOG/SQL01$PROD_HR_LOG_20240301_003000.trn", Database: "HR",
				Message: "in the Archive tier, offline until rehydrated", Remedy: "rehydrate it to Hot or Cool"},
			{Rule: "log-chain-gap", Severity: layout.Error, Path: "SQL01$PROD/HR/LOG/SQL01$PROD_HR_LOG_20240301_003000.trn", Database: "HR",
				Message: "first LSN 41000000012000001 does not follow 41000000011800001", Remedy: "add the missing log backups"},
			{Rule: "mixed-databases", Severity: layout.Error, Path: "Misc/", Database: "",
				Message: "holds backups of 2 databases: Finance, Sales", Remedy: "give each database its own folder (baklint fix)"},
			{Rule: "non-backup-file", Severity: layout.Warning, Path: "Misc/readme.txt",
				Message: "not a backup", Remedy: "move it out of the backup folders"},
			{Rule: "no-checksum", Severity: layout.Warning, Path: "Misc/Finance.bak", Database: "Finance",
				Message: "taken without WITH CHECKSUM", Remedy: "take future backups WITH CHECKSUM"},
		},
		Summary: layout.Summary{Errors: 5, Warnings: 2},
	}
}

// salesFiles is the file list of Sales's latest full backup in olaInventory,
// and salesDataBytes the sum of its sizes (olaResult's data_bytes); HR and
// Finance have no file list, so no data_bytes.
var salesFiles = []bakhdr.DatabaseFile{
	{LogicalName: "Sales", PhysicalName: `D:\Data\Sales.mdf`, Type: bakhdr.FileData, Filegroup: "PRIMARY", Size: 12 << 30},
	{LogicalName: "Sales_log", PhysicalName: `L:\Log\Sales_log.ldf`, Type: bakhdr.FileLog, Size: 2 << 30},
}

const salesDataBytes = 14 << 30

// olaInventory is the scan behind olaResult, for the HTML tree and file lists.
func olaInventory() *layout.Inventory {
	hdr := func(db, typ, first, last string, checksums bool) *bakhdr.Header {
		return &bakhdr.Header{DatabaseName: db, ServerName: `SQL01\PROD`, MachineName: "SQL01", BackupType: typ, Version: "12.0.6024",
			Compressed: true, HasChecksums: checksums, Position: 1, FirstLSN: first, LastLSN: last, CheckpointLSN: first,
			BackupStart: "2024-03-01T01:00:00", BackupFinish: "2024-03-01T01:04:10", FamilyCount: 1, FamilySequence: 1,
			MediaSetID: "5e0c7a52-3f2e-4c8e-9f5e-0a4b8f1d2c3e", BackupSetGUID: "8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d",
			DifferentialBaseGUID: "00000000-0000-0000-0000-000000000000"}
	}
	withFiles := func(h *bakhdr.Header, files []bakhdr.DatabaseFile) *bakhdr.Header { h.Files = files; return h }
	return &layout.Inventory{
		Source:   "https://contoso.blob.core.windows.net/sqlbackups?sv=2022-11-02&sp=rl&" + fakeSig,
		Location: testutil.Location("https://contoso.blob.core.windows.net/sqlbackups?sv=2022-11-02&sp=rl&" + fakeSig),
		Files: []layout.File{
			{Path: "Misc/Finance.bak", Size: 52_428_800, BlobType: layout.BlobTypeOf("PageBlob"), Tier: layout.TierOf(""), Database: "Finance", AttributedBy: layout.ByHeader, BackupType: layout.BackupTypeOf("full"),
				Header: hdr("Finance", "full", "38000000010400037", "38000000012000001", false)},
			{Path: "Misc/readme.txt", Size: 1024, BlobType: layout.BlobTypeOf("BlockBlob"), Tier: layout.TierOf("Hot")},
			{Path: "SQL01$PROD/HR/FULL/SQL01$PROD_HR_FULL_20240301_010000.bak", Size: 1_000_000_000, BlobType: layout.BlobTypeOf("PageBlob"), Database: "HR", AttributedBy: layout.ByName, BackupType: layout.BackupTypeOf("full")},
			{Path: "SQL01$PROD/HR/LOG/SQL01$PROD_HR_LOG_20240301_003000.trn", Size: 73_741_824, BlobType: layout.BlobTypeOf("PageBlob"), Tier: layout.TierOf("Archive"), Database: "HR", AttributedBy: layout.ByName, BackupType: layout.BackupTypeOf("log"),
				Error: "reading header of SQL01$PROD/HR/LOG/SQL01$PROD_HR_LOG_20240301_003000.trn: blob is archived (https://contoso.blob.core.windows.net/sqlbackups/x?" + fakeSig + ")"},
			{Path: "SQL01$PROD/HR/LOG/Ünïcode_HR_LOG.trn", Size: 0, BlobType: layout.BlobTypeOf("PageBlob"), Database: "HR", AttributedBy: layout.ByFolder},
			{Path: "SQL01$PROD/Sales/FULL/SQL01$PROD_Sales_FULL_20240301_010000.bak", Size: 9_000_000_000, BlobType: layout.BlobTypeOf("BlockBlob"), Tier: layout.TierOf("Cool"), Database: "Sales", AttributedBy: layout.ByHeader, BackupType: layout.BackupTypeOf("full"),
				Header: withFiles(hdr("Sales", "full", "41000000010400037", "41000000011800001", true), salesFiles)},
			{Path: "SQL01$PROD/Sales/LOG/SQL01$PROD_Sales_LOG_20240301_003000.trn", Size: 600_000_000, BlobType: layout.BlobTypeOf("PageBlob"), Database: "Sales", AttributedBy: layout.ByHeader, BackupType: layout.BackupTypeOf("log"),
				Header: hdr("Sales", "log", "41000000010400037", "41000000011800001", true)},
			{Path: "SQL01$PROD/Sales/LOG/SQL01$PROD_Sales_LOG_20240301_013000.trn", Size: 63_676_416, BlobType: layout.BlobTypeOf("PageBlob"), Database: "Sales", AttributedBy: layout.ByHeader, BackupType: layout.BackupTypeOf("log"),
				Header: hdr("Sales", "log", "41000000011800001", "41000000012000001", true)},
			{Path: "SQL01$PROD/Sales/LOG/notes #1.txt", Size: 0, BlobType: layout.BlobTypeOf("BlockBlob"), Tier: layout.TierOf("Hot")},
		},
	}
}

// cleanResult is a layout that already suits DMS: one flat folder per database.
func cleanResult() *layout.Result {
	return &layout.Result{
		Source:    "/srv/backups",
		Location:  testutil.Location("/srv/backups"),
		Target:    "mi",
		Inventory: layout.InventoryStats{Files: 3, Bytes: 3 << 30, Folders: 2, Databases: 2},
		Databases: []layout.Database{
			{Name: "Orders", Folders: []string{"Orders"}, Files: 2, Bytes: 2 << 30, AttributedBy: layout.ByHeader,
				LatestFull: "Orders/Orders_full.bak", LastBackup: "Orders/Orders_log_1.trn", LastBackupName: "Orders_log_1.trn", ChainStatus: "complete", DataBytes: 5 << 30},
			{Name: "Stock", Folders: []string{"Stock"}, Files: 1, Bytes: 1 << 30, AttributedBy: layout.ByHeader,
				LatestFull: "Stock/Stock_full.bak", LastBackup: "Stock/Stock_full.bak", LastBackupName: "Stock_full.bak", ChainStatus: "complete", DataBytes: 3 << 30},
		},
	}
}

// accountResult is an account-wide scan through the emulator: findings name
// their container, and the source has no container of its own.
func accountResult() *layout.Result {
	return &layout.Result{
		Source:    "http://127.0.0.1:10000/devstoreaccount1?" + fakeSig,
		Location:  testutil.Location("http://127.0.0.1:10000/devstoreaccount1?" + fakeSig),
		Target:    "lrs",
		Inventory: layout.InventoryStats{Files: 2, Bytes: 2048, Folders: 2, Databases: 1},
		Databases: []layout.Database{{Name: "Pay", Container: "backups-prod", Folders: []string{"Pay"}, Files: 2, Bytes: 2048, AttributedBy: layout.ByHeader}},
		Findings: []layout.Finding{
			{Rule: "reserved-keyword", Severity: layout.Error, Container: "backups-prod", Path: "", Database: "",
				Message: "container name holds the reserved word \"backup\"", Remedy: "copy to a container without it (baklint fix --dest)"},
			{Rule: "striped-log-backup", Severity: layout.Error, Container: "backups-prod", Path: "Pay/Pay_log_1 of 2.trn", Database: "Pay",
				Message: "log backup striped over 2 files", Remedy: "take log backups to a single file"},
			{Rule: "case-collision", Severity: layout.Info, Container: "backups-prod", Path: "Pay/Pay_log_1 of 2.trn", Database: "Pay",
				Message: "an info-level note", Remedy: ""},
		},
		Summary: layout.Summary{Errors: 2, Infos: 1},
	}
}

// emptyResult is what linting an empty container gives: every slice nil.
func emptyResult() *layout.Result {
	return &layout.Result{Source: "https://contoso.blob.core.windows.net/empty", Location: testutil.Location("https://contoso.blob.core.windows.net/empty"), Target: "any"}
}

var fixtures = []struct {
	name string
	res  func() *layout.Result
	inv  func() *layout.Inventory
}{
	{"ola", olaResult, olaInventory},
	{"clean", cleanResult, nil},
	{"account", accountResult, nil},
	{"empty", emptyResult, nil},
}

// golden compares got with testdata/NAME, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	testutil.Golden(t, filepath.Join("testdata", name), got, *update, "go test ./report -update")
}

// goldenOf renders with write, compares the output with testdata/NAME as
// golden does, and returns it for further checks.
func goldenOf(t *testing.T, name string, write func(w io.Writer) error) []byte {
	t.Helper()
	out := []byte(rendered(t, func(b *bytes.Buffer) error { return write(b) }))
	golden(t, name, out)
	return out
}
