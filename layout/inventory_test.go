package layout

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/baklint/baklint/bakhdr"
	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/internal/testutil"
)

func TestNewInventoryKeepsContainersOnlyForAccountWideScans(t *testing.T) {
	obj := func(c, p string) blobscan.Scanned {
		return blobscan.Scanned{Container: c, Object: blobscan.Object{Path: p, Size: 512, BlobType: blobscan.BlockBlob, Tier: blobscan.TierHot, ETag: "0x1"}}
	}
	for _, tc := range []struct {
		source        string
		scanned       []blobscan.Scanned
		wantContainer string   // Inventory.Container
		wantFiles     []string // File.Container of each file
	}{
		{"http://127.0.0.1:10000/devstoreaccount1/sales", []blobscan.Scanned{obj("sales", "a.bak"), obj("sales", "b.bak")}, "sales", []string{"", ""}},
		{"https://acct.blob.core.windows.net/", []blobscan.Scanned{obj("one", "a.bak")}, "", []string{"one"}},
		{"http://127.0.0.1:10000/devstoreaccount1", []blobscan.Scanned{obj("one", "a.bak"), obj("two", "a.bak")}, "", []string{"one", "two"}},
		{"/srv/backups", []blobscan.Scanned{obj("one", "a.bak"), obj("two", "a.bak")}, "", []string{"one", "two"}},
	} {
		in := NewInventory(testutil.Location(tc.source), tc.scanned)
		if in.Container != tc.wantContainer {
			t.Errorf("%s: Inventory.Container %q, want %q", tc.source, in.Container, tc.wantContainer)
		}
		for i, f := range in.Files {
			if f.Container != tc.wantFiles[i] {
				t.Errorf("%s: file %d container %q, want %q", tc.source, i, f.Container, tc.wantFiles[i])
			}
		}
	}
}

func TestNewInventoryAttributesAndKeepsHeaderErrorsOnOneLineWithoutSecrets(t *testing.T) {
	in := NewInventory(testutil.Location("https://acct.blob.core.windows.net/ccc?sv=2024&sig=SECRET123"), []blobscan.Scanned{
		{Container: "ccc", Object: blobscan.Object{Path: "x/Sales_202401010100.bak", Size: 4096}, Header: &bakhdr.Header{DatabaseName: "Real", BackupType: "full"}},
		{Container: "ccc", Object: blobscan.Object{Path: "x/odd.bak", Size: 4096}, HeaderErr: errors.New("read header: https://acct/c/x/odd.bak?sig=SECRET123: 403\nforbidden")},
	})
	if strings.Contains(in.Source, "SECRET123") || in.Location.SAS != "" {
		t.Errorf("source %q (SAS %q) keeps the SAS signature", in.Source, in.Location.SAS)
	}
	if f := in.Files[0]; f.Database != "Real" || f.AttributedBy != ByHeader || f.BackupType.String() != "full" {
		t.Errorf("file 0 attributed %q by %q as %q, want Real by header as full", f.Database, f.AttributedBy, f.BackupType)
	}
	f := in.Files[1]
	if f.Database != "x" || f.AttributedBy != ByFolder {
		t.Errorf("file 1 attributed %q by %q, want x by folder", f.Database, f.AttributedBy)
	}
	if f.Error == "" || strings.Contains(f.Error, "SECRET123") || strings.Contains(f.Error, "\n") {
		t.Errorf("file 1 error %q: want one line without the signature", f.Error)
	}
}

// The synthetic layouts under testdata/layouts are real backup files whose
// headers the real scanner reads: scan, attribute and lint them end to end,
// and check what testdata/README.md says each layout shows.
func TestScannedLayoutsFireTheRulesTheirReadmeLists(t *testing.T) {
	for _, tc := range []struct {
		layout, target string
		want           map[string]int // rule → findings; unlisted rules: none
	}{
		{"ola", "any", map[string]int{"nested-folder": 15}},
		{"maintplan", "any", map[string]int{"mixed-databases": 1}},
		{"dbatools", "vm-2012", map[string]int{"non-backup-file": 1, "empty-backup": 1, "page-blob-unaligned": 1}},
		{"dbatools", "vm-2016", map[string]int{"non-backup-file": 1, "empty-backup": 1}},
		{"managed", "vm-2012", map[string]int{"version-too-new": 3}},
		{"managed", "lrs", map[string]int{}},
		{"compliant", "vm-2014", map[string]int{}},
		{"compliant", "lrs", map[string]int{}},
		{"backupfolder", "lrs", map[string]int{"reserved-keyword": 1, "nested-folder": 2, "case-collision": 1}},
		{"backupfolder", "any", map[string]int{"nested-folder": 2, "case-collision": 1}},
		{"misnamed", "any", map[string]int{}},
	} {
		t.Run(tc.layout+"/"+tc.target, func(t *testing.T) {
			in := scanLayout(t, tc.layout)
			res := Lint(in, mustTarget(t, tc.target))
			got := map[string]int{}
			for _, f := range res.Findings {
				got[f.Rule]++
			}
			for _, r := range Rules() {
				if got[r.ID] != tc.want[r.ID] {
					t.Errorf("%s fired %d times, want %d", r.ID, got[r.ID], tc.want[r.ID])
				}
			}
			if t.Failed() {
				for _, f := range res.Findings {
					t.Logf("%s %s: %s", f.Rule, f.Path, f.Message)
				}
			}
		})
	}
}

func TestScannedChainsLayoutBreaksEachChainRuleOnce(t *testing.T) {
	res := Lint(scanLayout(t, "chains"), mustTarget(t, "lrs"))
	want := map[string]string{
		"log-chain-gap":         "Broken/",
		"missing-full-backup":   "NoFull/",
		"incomplete-stripe-set": "Striped/",
		"striped-log-backup":    "StripedLog/",
		"unreadable-header":     "Unreadable/garbage.bak",
		"no-checksum":           "NoChecksum/",
	}
	for rule, prefix := range want {
		fs := findingsOf(res, rule)
		if len(fs) == 0 {
			t.Errorf("%s did not fire", rule)
		}
		for _, f := range fs {
			if !strings.HasPrefix(f.Path, prefix) {
				t.Errorf("%s fired on %s, want only under %s", rule, f.Path, prefix)
			}
		}
	}
	if n := len(findingsOf(res, "mixed-databases")) + len(findingsOf(res, "nested-folder")); n != 0 {
		t.Errorf("%d layout findings on a flat one-database-per-folder layout", n)
	}
}

func scanLayout(t *testing.T, name string) *Inventory {
	t.Helper()
	dir := "../testdata/layouts/" + name
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("layout %s missing: %v", name, err)
	}
	return scanDir(t, dir)
}

// scanDir runs the real pipeline over a local folder: list, read headers,
// attribute.
func scanDir(t *testing.T, dir string) *Inventory {
	t.Helper()
	r, err := blobscan.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	scanned, err := blobscan.Scan(context.Background(), []blobscan.Reader{r}, blobscan.ScanOptions{Headers: true})
	if err != nil {
		t.Fatal(err)
	}
	return NewInventory(testutil.Location(r.Location()), scanned)
}
