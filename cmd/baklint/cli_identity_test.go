package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/sas"

	"github.com/baklint/baklint/internal/azurite"
	"github.com/baklint/baklint/internal/testutil"
)

const appveyorLab = "../../../shared/testdata/backups/appveyor-lab"

// uploadDir uploads the files of one shared sample folder into container,
// under RestoreTimeClean/.
func uploadDir(t *testing.T, e *azurite.Emulator, container, dir string) {
	t.Helper()
	blobs := map[string][]byte{}
	for name, data := range testutil.ReadTree(t, testutil.SharedData(t, filepath.Join(appveyorLab, dir))) {
		blobs["RestoreTimeClean/"+name] = data
	}
	e.Upload(t, container, blobs)
}

// TestAnAccountWithOneNameInTwoContainersReportsTheClash: two containers of
// one account, each with one of the RestoreTimeClean pair (the SQL 2008
// database and its copy restored on SQL 2016), are two databases bound for
// one target under one name. A private Azurite holds only them, so the
// account-wide scan sees nothing of other tests.
func TestAnAccountWithOneNameInTwoContainersReportsTheClash(t *testing.T) {
	e, proc, err := azurite.StartProcess()
	if err != nil {
		if azurite.Required() {
			t.Fatalf("start Azurite: %v", err)
		}
		t.Skipf("Azurite unavailable: %v", err)
	}
	t.Cleanup(func() { _ = proc.Process.Kill(); _, _ = proc.Process.Wait() })
	a, b := e.NewContainer(t), e.NewContainer(t)
	uploadDir(t, e, a, "RestoreTimeClean")
	uploadDir(t, e, b, "restoretimeclean2016")

	code, stdout, stderr := runCLI(t, "lint", e.BlobEndpoint+"/", "--account-key", azurite.Key, "--format", "json", "--fail-on", "never")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r struct {
		Findings []struct {
			Rule, Container, Path, Database, Message string
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("%v: %s", err, stdout)
	}
	clash := map[string]string{}
	for _, f := range r.Findings {
		if f.Rule == "database-name-clash" {
			clash[f.Container] = f.Message
		}
	}
	if len(clash) != 2 {
		t.Fatalf("database-name-clash in containers %v, want one in each of %s and %s", clash, a, b)
	}
	if !strings.Contains(clash[a], "SQL2016") || !strings.Contains(clash[a], b) || !strings.Contains(clash[b], "SQL2008") {
		t.Errorf("clash messages do not name the other database and its container: %q / %q", clash[a], clash[b])
	}
}

// TestLintWithASASThatCanListButNotReadIsAStorageFailure: before, every
// header read got 403, each file became an unreadable-header warning, and
// lint exited 0.
func TestLintWithASASThatCanListButNotReadIsAStorageFailure(t *testing.T) {
	e := azurite.Get(t)
	container := e.NewContainer(t)
	uploadDir(t, e, container, "RestoreTimeClean")
	q := containerSAS(t, e, container, sas.ContainerPermissions{List: true}, farFuture())
	for _, cmd := range []string{"lint", "scan"} {
		code, stdout, stderr := runCLI(t, cmd, e.ContainerURL(container)+"?"+q, "--format", "json")
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if code != exitStorage || len(lines) != 1 {
			t.Errorf("%s: exit %d, stderr %q; want exit 3 and one line", cmd, code, stderr)
		}
		if !strings.Contains(stderr, "listed but not read") || !strings.Contains(stderr, "Read") || strings.Contains(stderr, mustSig(t, q)) {
			t.Errorf("%s: %q does not name the Read permission, or shows the signature", cmd, stderr)
		}
		if strings.Contains(stdout, "unreadable-header") {
			t.Errorf("%s: refused reads reported as findings: %s", cmd, stdout)
		}
	}
	// Without header reads, listing is all it needs.
	if code, _, stderr := runCLI(t, "scan", e.ContainerURL(container)+"?"+q, "--no-headers"); code != 0 {
		t.Errorf("scan --no-headers with a List SAS: exit %d: %s", code, stderr)
	}
}

// TestFixingTwoSourcesIntoOneDestinationNeverMixesTwoDatabases: each source
// holds one of the RestoreTimeClean pair, so neither plan sees a clash; the
// second must still not put its database into the folder the first filled.
func TestFixingTwoSourcesIntoOneDestinationNeverMixesTwoDatabases(t *testing.T) {
	dest := t.TempDir()
	var srcs []string
	for _, dir := range []string{"RestoreTimeClean", "restoretimeclean2016"} {
		src := t.TempDir()
		from := filepath.Join(appveyorLab, dir)
		if _, err := os.Stat(from); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatal(err)
			}
			t.Skipf("shared test data not available: %v", err)
		}
		if err := os.MkdirAll(filepath.Join(src, "SQL"), 0o755); err != nil {
			t.Fatal(err)
		}
		copyFile(t, from, filepath.Join(src, "SQL")) // every file of the folder

		srcs = append(srcs, src)
	}
	if code, _, stderr := runCLI(t, "fix", srcs[0], "--dest", dest, "--apply"); code != 0 {
		t.Fatalf("first fix: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := runCLI(t, "fix", srcs[1], "--dest", dest, "--format", "json")
	if code != 0 {
		t.Fatalf("second plan: exit %d: %s", code, stderr)
	}
	var plan struct {
		Moves   []struct{ From, To string }
		Skipped []struct{ Path, Reason string }
	}
	if err := json.Unmarshal([]byte(stdout), &plan); err != nil {
		t.Fatal(err)
	}
	if len(plan.Moves) != 0 || len(plan.Skipped) != 8 {
		t.Fatalf("second plan moves %v, skipped %d; want all 8 skipped", plan.Moves, len(plan.Skipped))
	}
	for _, s := range plan.Skipped {
		if !strings.Contains(s.Reason, "already holds another database") || !strings.Contains(s.Reason, "SQL2008") {
			t.Errorf("%s: %s", s.Path, s.Reason)
		}
	}
	// Applied anyway, nothing lands: the destination still lints clean.
	runCLI(t, "fix", srcs[1], "--dest", dest, "--apply")
	if code, out, _ := runCLI(t, "lint", dest, "--format", "json"); code != 0 || strings.Contains(out, "mixed-databases") {
		t.Errorf("destination after both fixes: exit %d\n%s", code, out)
	}
}
