package handoff

import (
	"bytes"
	"context"
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/internal/testutil"
	"github.com/baklint/baklint/layout"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

var layouts = []string{"backupfolder", "chains", "compliant", "dbatools", "maintplan", "managed", "misnamed", "ola"}

// One target per service: LRS, DMS to Managed Instance, DMS to a SQL VM.
var scriptTargets = []string{"lrs", "mi", "vm-2019"}

var shells = map[string]string{ShellPowerShell: "ps1", ShellAz: "sh", ShellREST: "json"}

// lintLayout scans a sample layout through the real local reader, header
// decoder and rules, as `baklint script` does.
func lintLayout(t *testing.T, name, target string) *layout.Result {
	t.Helper()
	r, err := blobscan.NewLocal(filepath.Join("..", "testdata", "layouts", name))
	if err != nil {
		t.Fatal(err)
	}
	scanned, err := blobscan.Scan(context.Background(), []blobscan.Reader{r}, blobscan.ScanOptions{Headers: true, Concurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	tg, err := layout.LookupTarget(target)
	if err != nil {
		t.Fatal(err)
	}
	return layout.Lint(layout.NewInventory(testutil.Location("layouts/"+name), scanned), tg)
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	testutil.Golden(t, path, got, *update, "go test ./handoff -update")
}

func script(t *testing.T, r *layout.Result, o Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := Script(&b, r, o); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestScriptsForTheSampleLayoutsMatchTheirGoldenFilesInEveryShellAndTarget(t *testing.T) {
	for _, name := range layouts {
		for _, target := range scriptTargets {
			r := lintLayout(t, name, target)
			for shell, ext := range shells {
				t.Run(name+"/"+target+"/"+shell, func(t *testing.T) {
					got := script(t, r, Options{Shell: shell})
					again := script(t, r, Options{Shell: shell})
					if got != again {
						t.Fatal("two runs on one result wrote different scripts")
					}
					golden(t, filepath.Join("testdata", "scripts", name, target+"."+ext+".golden"), []byte(got))
				})
			}
		}
	}
}

func TestOnlyReadyDatabasesGetACommandAndTheOthersAreListedWithTheirFindings(t *testing.T) {
	r := lintLayout(t, "chains", "lrs")
	out := script(t, r, Options{Shell: ShellAz})
	head, body, ok := strings.Cut(out, "# Batch 1")
	if !ok {
		t.Fatalf("no batch in:\n%s", out)
	}
	for _, rd := range r.Readiness() {
		name := "--name '" + rd.Database.Name + "'"
		if rd.Ready != strings.Contains(body, name) {
			t.Errorf("%s: ready=%v but command present=%v", rd.Database.Name, rd.Ready, !rd.Ready)
		}
		if !rd.Ready && !strings.Contains(head, "#   "+rd.Database.Name+" ") {
			t.Errorf("%s is not ready but not listed at the top", rd.Database.Name)
		}
		for _, f := range rd.Blocking {
			if !strings.Contains(head, "# "+"    - "+f.Rule+" "+f.Path) {
				t.Errorf("blocking finding %s %s of %s not listed", f.Rule, f.Path, rd.Database.Name)
			}
		}
	}
	if !strings.Contains(head, "log-chain-gap") || !strings.Contains(head, "Broken") {
		t.Errorf("the broken chain is not explained:\n%s", head)
	}
}

func TestBatchesHoldAtMostOneHundredDatabasesAndPauseBetween(t *testing.T) {
	r := &layout.Result{Target: "mi", Databases: []layout.Database{}, Findings: []layout.Finding{}}
	for i := 0; i < 250; i++ {
		n := "DB" + string(rune('A'+i/26%26)) + string(rune('A'+i%26)) + string(rune('0'+i/676))
		r.Databases = append(r.Databases, layout.Database{Name: n, Folders: []string{n}, ChainStatus: "complete", LastBackupName: n + ".trn", Bytes: int64(i)})
	}
	for shell, cmd := range map[string]string{ShellPowerShell: "New-AzDataMigrationToSqlManagedInstance ", ShellAz: "az datamigration sql-managed-instance create "} {
		out := script(t, r, Options{Shell: shell})
		batches := strings.Split(out, "# Batch ")[1:]
		if len(batches) != 3 {
			t.Fatalf("%s: %d batches for 250 databases, want 3", shell, len(batches))
		}
		total := 0
		for i, b := range batches {
			n := strings.Count(b, cmd)
			total += n
			if n > 100 {
				t.Errorf("%s: batch %d holds %d databases", shell, i+1, n)
			}
			if paused := strings.Contains(b, "Press Enter"); paused != (i < 2) {
				t.Errorf("%s: batch %d pause=%v", shell, i+1, paused)
			}
		}
		if total != 250 {
			t.Errorf("%s: %d commands for 250 ready databases", shell, total)
		}
	}
}

func TestNoSecretFromTheEnvironmentOrOptionsEndsUpInAScript(t *testing.T) {
	const sas = "sv=2024-11-04&sr=c&sp=rl&sig=TOPSECRETsignature%3D"
	const key = "c2VjcmV0LWFjY291bnQta2V5LXRoYXQtbXVzdC1ub3QtbGVhaw=="
	t.Setenv(EnvSAS, sas)
	t.Setenv(EnvAccountKey, key)
	for _, target := range scriptTargets {
		r := lintLayout(t, "compliant", target)
		r.Source = "https://acct.blob.core.windows.net/c?" + sas // as if a renderer had been careless
		for shell := range shells {
			out := script(t, r, Options{Shell: shell, ServiceURL: "https://acct.blob.core.windows.net/", Container: "c"})
			for _, s := range []string{"TOPSECRET", key} {
				if strings.Contains(out, s) {
					t.Errorf("%s/%s: secret %q in the script", target, shell, s)
				}
			}
		}
	}
}
