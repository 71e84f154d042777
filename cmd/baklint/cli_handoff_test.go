package main

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/sas"

	"github.com/baklint/baklint/internal/azurite"
	"github.com/baklint/baklint/internal/testutil"
)

func TestScriptAndExplainRefuseBadInputWithOneLineAndExitTwo(t *testing.T) {
	dir := t.TempDir()
	layoutDir := filepath.Join("..", "..", "testdata", "layouts", "compliant")
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	malformed := write("malformed.json", `{"properties": {`)
	foreign := write("foreign.json", `{"value": [1, 2, 3]}`)
	good := write("status.json", `{"properties":{"type":"LRSRestore","status":"Blocked","blockReason":"BrokenRestorePlanGapInLogBackups"}}`)
	cases := []struct {
		name    string
		args    []string
		mention string
	}{
		{"script with an unknown target", []string{"script", layoutDir, "--target", "vm-1999"}, "vm-1999"},
		{"script without a concrete target", []string{"script", layoutDir}, "--target"},
		{"script with an unknown shell", []string{"script", layoutDir, "--target", "lrs", "--shell", "cmd"}, "cmd"},
		{"script with an unknown auth", []string{"script", layoutDir, "--target", "lrs", "--auth", "password"}, "password"},
		{"script with a SAS for DMS", []string{"script", layoutDir, "--target", "mi", "--auth", "sas"}, "account key"},
		{"script with an account key for LRS", []string{"script", layoutDir, "--target", "lrs", "--auth", "account-key"}, "SAS"},
		{"script with a managed identity for a SQL VM in PowerShell", []string{"script", layoutDir, "--target", "vm-2019", "--auth", "managed-identity"}, "New-AzDataMigrationToSqlVM"},
		{"script with a managed identity for LRS in az", []string{"script", layoutDir, "--target", "lrs", "--shell", "az", "--auth", "managed-identity"}, "--storage-sas"},
		{"script without SOURCE", []string{"script", "--target", "lrs"}, "SOURCE"},
		{"explain without a status file", []string{"explain"}, "STATUS_FILE"},
		{"explain with an unreadable status file", []string{"explain", filepath.Join(dir, "missing.json")}, "missing.json"},
		{"explain with a status file that is a folder", []string{"explain", dir}, filepath.Base(dir)},
		{"explain with malformed JSON", []string{"explain", malformed}, "malformed.json"},
		{"explain with JSON that is no status", []string{"explain", foreign}, "foreign.json"},
		{"explain with an unknown target", []string{"explain", good, layoutDir, "--target", "vm-1999"}, "vm-1999"},
		{"explain with too many arguments", []string{"explain", good, layoutDir, layoutDir}, "3 arguments"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tc.args...)
			if code != exitBadInput {
				t.Errorf("exit %d, want %d (stderr %q)", code, exitBadInput, stderr)
			}
			if lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n"); len(lines) != 1 || !strings.HasPrefix(stderr, "baklint: ") {
				t.Errorf("stderr is not one 'baklint: ' line: %q", stderr)
			}
			if !strings.Contains(stderr, tc.mention) {
				t.Errorf("stderr %q does not mention %q", stderr, tc.mention)
			}
			if stdout != "" {
				t.Errorf("bad input wrote to stdout: %q", stdout)
			}
		})
	}
}

func TestScriptAndExplainOnAContainerReadWithASASNeverPrintTheSAS(t *testing.T) {
	e := azurite.Get(t)
	container := e.NewContainer(t)
	root := filepath.Join("..", "..", "testdata", "layouts", "compliant")
	e.Upload(t, container, testutil.ReadTree(t, root))
	q := containerSAS(t, e, container, sas.ContainerPermissions{Read: true, List: true}, farFuture())
	sig := mustSig(t, q)
	src := e.ContainerURL(container) + "?" + q
	status := filepath.Join(t.TempDir(), "status.json")
	if err := os.WriteFile(status, []byte(`{"properties":{"type":"LRSRestore","status":"Blocked","blockReason":"BrokenRestorePlanGapInLogBackups"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"script", src, "--target", "lrs", "--shell", "az"},
		{"script", src, "--target", "lrs", "--shell", "powershell"},
		{"script", src, "--target", "lrs", "--shell", "rest"},
		{"script", src, "--target", "mi", "--shell", "az"},
		{"explain", status, src},
	} {
		label := strings.Join(append([]string{args[0]}, args[2:]...), " ")
		code, stdout, stderr := runCLI(t, args...)
		if code != 0 {
			t.Errorf("%s: exit %d: %s", label, code, stderr)
		}
		for _, s := range []string{sig, url.QueryEscape(sig), q} {
			if strings.Contains(stdout, s) || strings.Contains(stderr, s) {
				t.Errorf("%s: the SAS is in the output", label)
			}
		}
		if args[0] == "explain" {
			if !strings.Contains(stdout, "log-chain-gap") {
				t.Errorf("explain does not name the rule:\n%s", stdout)
			}
			continue
		}
		// The compliant layout's two databases are ready; the script points
		// at the emulator's container and reads secrets from the environment.
		for _, want := range []string{container, "Sales", "HR", "127.0.0.1"} {
			if !strings.Contains(stdout, want) {
				t.Errorf("%s: the script does not name %s:\n%s", label, want, stdout)
			}
		}
		if args[3] == "lrs" && !strings.Contains(stdout, "BAKLINT_SAS") {
			t.Errorf("%s: the script does not read the SAS from BAKLINT_SAS", label)
		}
	}
}
