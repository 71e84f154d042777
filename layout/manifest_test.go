package layout

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/baklint/baklint/bakhdr"
	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

const manifestPath = "../../shared/testdata/backups/manifest.json"

// manifestInventory turns the decoded headers of the real backup samples
// into an inventory of block blobs, as if they had been uploaded as-is.
func manifestInventory(t *testing.T) *Inventory {
	t.Helper()
	raw, err := os.ReadFile(manifestPath)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared test data missing in CI: %v", err)
		}
		t.Skipf("shared test data not available: %v", err)
	}
	var entries []struct {
		File                                  string
		Size                                  int64
		DatabaseName, ServerName, MachineName string
		BackupTypeChar, SoftwareVersion       string
		HasBackupChecksums                    bool
		Position, FamilyCount                 int
		FamilySequenceNumber                  int
		FirstLSN, LastLSN, CheckpointLSN      string
		DatabaseBackupLSN                     string
		MediaSetId, BackupSetGUID             string
		DifferentialBaseGUID                  string
		BackupFinishDate                      string
		BindingID, FamilyGUID                 string
	}
	if err := json.Unmarshal(raw, &entries); err != nil {
		t.Fatalf("%s: %v", manifestPath, err)
	}
	types := map[string]string{"D": bakhdr.TypeFull, "I": bakhdr.TypeDifferential, "L": bakhdr.TypeLog}
	var files []File
	for _, e := range entries {
		files = append(files, File{
			Path: e.File, Size: e.Size, BlobType: BlockBlob, Tier: TierOf(blobscan.TierHot),
			Header: &bakhdr.Header{
				DatabaseName: e.DatabaseName, ServerName: e.ServerName, MachineName: e.MachineName,
				BackupType: types[e.BackupTypeChar], Version: e.SoftwareVersion, HasChecksums: e.HasBackupChecksums,
				Position: e.Position, FirstLSN: decimalLSN(t, e.FirstLSN), LastLSN: decimalLSN(t, e.LastLSN),
				CheckpointLSN: decimalLSN(t, e.CheckpointLSN), DatabaseBackupLSN: decimalLSN(t, e.DatabaseBackupLSN),
				BackupFinish: e.BackupFinishDate, FamilyCount: e.FamilyCount, FamilySequence: e.FamilySequenceNumber,
				MediaSetID: e.MediaSetId, BackupSetGUID: e.BackupSetGUID, DifferentialBaseGUID: e.DifferentialBaseGUID,
				BindingID: e.BindingID, FamilyGUID: e.FamilyGUID,
			},
		})
	}
	if len(files) < 100 {
		t.Fatalf("%s lists %d files, want the 110 samples", manifestPath, len(files))
	}
	in := inv(files...)
	in.Source, in.Container = "testdata/backups", "samples"
	return in
}

// decimalLSN converts vlf:block:slot to vlf*10^15 + block*10^5 + slot.
func decimalLSN(t *testing.T, s string) string {
	t.Helper()
	parts := strings.Split(s, ":")
	if len(parts) == 1 {
		return s
	}
	n := make([]uint64, 3)
	for i, p := range parts {
		v, err := strconv.ParseUint(p, 10, 64)
		if err != nil || len(parts) != 3 {
			t.Fatalf("bad LSN %q in the manifest", s)
		}
		n[i] = v
	}
	return fmt.Sprintf("%d%010d%05d", n[0], n[1], n[2])
}

func TestRealSamplesGiveTheExpectedChainsAndFindings(t *testing.T) {
	res := Lint(manifestInventory(t), mustTarget(t, "lrs"))
	dbs := map[string]Database{}
	for _, d := range res.Databases {
		dbs[d.Name] = d
		if d.ServerName != "" {
			dbs[d.Name+"@"+d.ServerName] = d
		}
	}
	for _, tc := range []struct{ db, status, last string }{
		// Full, then logs 19:81:190→…→19:246:1, each starting where the
		// previous ended; dbatools' StopAt test restores this chain.
		{"StopAt", ChainComplete, "StopAt_23.trn"},
		// Two databases share the name: the SQL 2008 original and a copy
		// restored on a SQL 2016 server (same FamilyGUID, other BindingID).
		// Each has its full, its differential, then the 2_n logs.
		{"RestoreTimeClean@SQL2008", ChainComplete, "RestoreTimeClean2_3.trn"},
		{`RestoreTimeClean@WIN-JNMR8KM0U3B\SQL2016`, ChainComplete, "RestoreTimeClean2_3.trn"},
		// Ola tree: full, two differentials; the last log adds nothing.
		{"Cube_Query_History", ChainComplete, "SQL2008_Cube_Query_History_DIFF_20170518_041826.bak"},
		// Differentials and logs, but no FULL folder in the samples.
		{"db1", ChainBroken, ""},
		{"School", ChainComplete, "School.bak"},
	} {
		d, ok := dbs[tc.db]
		if !ok {
			t.Errorf("database %s not in the result", tc.db)
			continue
		}
		if d.ChainStatus != tc.status || d.LastBackupName != tc.last {
			t.Errorf("%s: chain %s ending at %q, want %s ending at %q", tc.db, d.ChainStatus, d.LastBackupName, tc.status, tc.last)
		}
	}
	count := map[string]int{}
	for _, f := range res.Findings {
		count[f.Rule]++
	}
	for rule, want := range map[string]int{
		"log-chain-gap":       0,  // every sample chain is contiguous
		"missing-full-backup": 1,  // db1
		"striped-log-backup":  12, // RestoreTimeStripe's logs, 2 stripes × 6
		// RestoreTimeStripe keeps family 1 in Stripe1/ and family 2 in
		// Stripe2/: complete sets, if in two folders.
		"incomplete-stripe-set": 0,
	} {
		if count[rule] != want {
			t.Errorf("%s fired %d times, want %d", rule, count[rule], want)
		}
	}
	clashes := map[string]int{}
	for _, f := range findingsOf(res, "database-name-clash") {
		clashes[f.Database]++
	}
	if clashes["RestoreTimeClean"] != 2 {
		t.Errorf("database-name-clash on RestoreTimeClean fired %d times, want once for each of its 2 databases", clashes["RestoreTimeClean"])
	}
	for _, rule := range []string{"nested-folder", "mixed-databases", "no-checksum", "reserved-keyword", "database-name-clash"} {
		if count[rule] == 0 {
			t.Errorf("%s never fired on the samples", rule)
		}
	}

	got, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "samples-lrs.golden.json", append(got, '\n'))
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	testutil.Golden(t, filepath.Join("testdata", name), got, *update, "go test ./layout -update")
}
