package main

import (
	"context"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/blob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/pageblob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/sas"

	"github.com/baklint/baklint/internal/azurite"
	"github.com/baklint/baklint/internal/testutil"
)

// The Ola Hallengren sample plus a folder that mixes two databases: the
// layout of the core issue's acceptance test.
const (
	pageBlobPath = "SQL01$PROD/Sales/FULL/SQL01$PROD_Sales_FULL_20240101_010000.bak"
	archivedPath = "SQL01$PROD/HR/FULL/SQL01$PROD_HR_FULL_20240101_010000.bak"
)

func acceptanceLayout(t *testing.T) map[string][]byte {
	t.Helper()
	files := testutil.ReadTree(t, "../../testdata/layouts/ola")
	for name, data := range testutil.ReadTree(t, "../../testdata/layouts/maintplan/nightly") {
		files["mixed/"+name] = data
	}
	return files
}

type reportJSON struct {
	Source    string `json:"source"`
	Target    string `json:"target"`
	Inventory struct {
		Files int `json:"files"`
	} `json:"inventory"`
	Summary struct {
		Errors   int `json:"errors"`
		Warnings int `json:"warnings"`
	} `json:"summary"`
	Findings []struct {
		Rule     string `json:"rule"`
		Severity string `json:"severity"`
		Path     string `json:"path"`
	} `json:"findings"`
}

func lintJSON(t *testing.T, wantCode int, args ...string) reportJSON {
	t.Helper()
	code, stdout, stderr := runCLI(t, args...)
	if code != wantCode {
		t.Fatalf("lint exit %d, want %d; stderr: %s", code, wantCode, stderr)
	}
	var r reportJSON
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("lint output is not JSON: %v\n%s", err, stdout)
	}
	return r
}

// byRule maps rule → sorted paths it fired on.
func byRule(r reportJSON) map[string][]string {
	m := map[string][]string{}
	for _, f := range r.Findings {
		m[f.Rule] = append(m[f.Rule], f.Path)
	}
	for _, v := range m {
		sort.Strings(v)
	}
	return m
}

func TestLintOfAnOlaContainerInAzuriteReportsWhatDMSWouldRefuse(t *testing.T) {
	e := azurite.Get(t)
	ctx := context.Background()
	c := e.Client(t)
	container := e.NewContainer(t)
	files := acceptanceLayout(t)
	for name, data := range files {
		if name == pageBlobPath {
			pb := c.ServiceClient().NewContainerClient(container).NewPageBlobClient(name)
			if _, err := pb.Create(ctx, int64(len(data)), nil); err != nil {
				t.Fatal(err)
			}
			if _, err := pb.UploadPages(ctx, nopCloser{strings.NewReader(string(data))}, blob.HTTPRange{Offset: 0, Count: int64(len(data))}, (*pageblob.UploadPagesOptions)(nil)); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if _, err := c.UploadBuffer(ctx, container, name, data, nil); err != nil {
			t.Fatal(err)
		}
	}
	bc := c.ServiceClient().NewContainerClient(container).NewBlobClient(archivedPath)
	if _, err := bc.SetTier(ctx, blob.AccessTierArchive, nil); err != nil {
		t.Fatal(err)
	}

	sasQuery := containerSAS(t, e, container, sas.ContainerPermissions{Read: true, List: true}, farFuture())
	credentials := []struct {
		name string
		args []string
	}{
		{"connection string", []string{e.ContainerURL(container), "--connection-string", e.ConnectionString()}},
		{"read+list SAS", []string{e.ContainerURL(container) + "?" + sasQuery}},
		{"account key", []string{e.ContainerURL(container), "--account-key", azurite.Key}},
	}
	var reports []reportJSON
	for _, cred := range credentials {
		t.Run(cred.name, func(t *testing.T) {
			r := lintJSON(t, 1, append([]string{"lint", "--target", "vm-2014", "--format", "json"}, cred.args...)...)
			reports = append(reports, r)
			if strings.Contains(r.Source, "sig=") {
				t.Errorf("source %q carries a SAS signature", r.Source)
			}
			got := byRule(r)
			for name := range files {
				if strings.HasPrefix(name, "SQL01$PROD/") && !slices.Contains(got["nested-folder"], name) {
					t.Errorf("nested-folder missing for %s", name)
				}
				isBackup := strings.HasSuffix(name, ".bak") || strings.HasSuffix(name, ".trn")
				wantPage := isBackup && name != pageBlobPath
				if slices.Contains(got["page-blob-required"], name) != wantPage {
					t.Errorf("page-blob-required on %s: got %v, want %v", name, !wantPage, wantPage)
				}
			}
			if len(got["archived-blob"]) != 1 || got["archived-blob"][0] != archivedPath {
				t.Errorf("archived-blob fired on %v, want [%s]", got["archived-blob"], archivedPath)
			}
			if !slices.Contains(got["mixed-databases"], "mixed/") {
				t.Errorf("mixed-databases did not fire on mixed/: %v", got["mixed-databases"])
			}
			for _, p := range got["mixed-databases"] {
				if p != "mixed/" {
					t.Errorf("mixed-databases fired on %s, which holds one database", p)
				}
			}
		})
	}
	for i := 1; i < len(reports); i++ {
		if a, b := byRule(reports[0]), byRule(reports[i]); !equalFindings(a, b) {
			t.Errorf("credential %q gives other findings than %q:\n%v\n%v", credentials[i].name, credentials[0].name, b, a)
		}
	}

	t.Run("the same layout as a local folder gives the same findings but the blob-type ones", func(t *testing.T) {
		dir := t.TempDir()
		testutil.WriteTree(t, dir, files)
		local := byRule(lintJSON(t, 1, "lint", dir, "--target", "vm-2014", "--format", "json"))
		remote := byRule(reports[0])
		for _, blobOnly := range []string{"page-blob-required", "archived-blob"} {
			if len(local[blobOnly]) != 0 {
				t.Errorf("%s reported for a local folder: %v", blobOnly, local[blobOnly])
			}
			delete(remote, blobOnly)
		}
		// The archived full cannot be read in Azure, so its database is
		// known by name alone, and two databases are named HR (the Ola
		// one and mixed/'s, from another server): it stays unattributed,
		// and that HR has no full backup. Locally its header is read.
		if got := remote["unattributed-backup"]; len(got) != 1 || got[0] != archivedPath {
			t.Errorf("unattributed-backup in Azure on %v, want only the archived %s", got, archivedPath)
		}
		delete(remote, "unattributed-backup")
		delete(remote, "missing-full-backup")
		if !equalFindings(local, remote) {
			t.Errorf("local findings differ from Azure's:\nlocal  %v\nazure  %v", local, remote)
		}
	})
}

func equalFindings(a, b map[string][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if strings.Join(v, "\n") != strings.Join(b[k], "\n") {
			return false
		}
	}
	return true
}
