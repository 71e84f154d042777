package main

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/sas"

	"github.com/baklint/baklint/internal/azurite"
)

func TestMain(m *testing.M) { os.Exit(azurite.Main(m)) }

// runCLI runs baklint in-process and returns exit code, stdout and stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	code := run(ctx, append([]string{"baklint"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func containerSAS(t *testing.T, e *azurite.Emulator, container string, perms sas.ContainerPermissions, expiry time.Time) string {
	t.Helper()
	return azurite.ContainerSAS(t, container, perms, time.Now().Add(-48*time.Hour), expiry)
}

func TestBadInputExitsTwoOrThreeWithOneClearLineAndNoSecret(t *testing.T) {
	e := azurite.Get(t)
	container := e.NewContainer(t)
	if _, err := e.Client(t).UploadBuffer(context.Background(), container, "DB1/DB1_202401010100.bak", []byte("x"), nil); err != nil {
		t.Fatal(err)
	}
	expired := containerSAS(t, e, container, sas.ContainerPermissions{Read: true, List: true}, time.Now().Add(-24*time.Hour))
	sig := mustSig(t, expired)
	wrongKey := "AAAA" + azurite.Key[4:]

	dir := t.TempDir()
	file := filepath.Join(dir, "plain.txt")
	if err := os.WriteFile(file, []byte("not a folder"), 0o644); err != nil {
		t.Fatal(err)
	}
	layoutDir := filepath.Join(dir, "layout")
	if err := os.MkdirAll(filepath.Join(layoutDir, "DB1"), 0o755); err != nil {
		t.Fatal(err)
	}
	planDir := filepath.Join(dir, "plan-is-a-folder")
	if err := os.Mkdir(planDir, 0o755); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name    string
		args    []string
		code    int
		mention string // a word the one line must contain: where or what
		secrets []string
	}{
		{"a malformed URL", []string{"lint", "https://"}, 2, "https://", nil},
		{"an unsupported URL scheme", []string{"scan", "ftp://127.0.0.1/acct/c"}, 2, "ftp://", nil},
		{"an emulator URL that is not loopback", []string{"scan", "http://example.invalid/acct/container"}, 2, "example.invalid", nil},
		{"an unknown target", []string{"lint", layoutDir, "--target", "vm-1999"}, 2, "vm-1999", nil},
		{"the unsupported target vm-2008", []string{"lint", layoutDir, "--target", "vm-2008"}, 2, "2008", nil},
		{"an unknown lint format", []string{"lint", layoutDir, "--format", "xml"}, 2, "xml", nil},
		{"an unknown scan format", []string{"scan", layoutDir, "--format", "yaml"}, 2, "yaml", nil},
		{"an unknown fix format", []string{"fix", layoutDir, "--dest", layoutDir, "--format", "sarif"}, 2, "use text or json", nil},
		{"an unknown --fail-on", []string{"lint", layoutDir, "--fail-on", "fatal"}, 2, "fatal", nil},
		{"no SOURCE", []string{"lint"}, 2, "SOURCE", nil},
		{"two SOURCEs", []string{"scan", layoutDir, layoutDir}, 2, "one SOURCE", nil},
		{"an unknown flag", []string{"lint", layoutDir, "--colour"}, 2, "colour", nil},
		{"an unknown command", []string{"lnit", layoutDir}, 2, "lnit", nil},
		{"zero concurrency", []string{"scan", layoutDir, "--concurrency", "0"}, 2, "concurrency", nil},
		{"more outputs than formats", []string{"lint", layoutDir, "--output", filepath.Join(dir, "a"), "--output", filepath.Join(dir, "b")}, 2, "--output", nil},
		{"an output in a missing folder", []string{"lint", layoutDir, "--format", "json", "--output", filepath.Join(dir, "nope", "r.json")}, 2, "nope", nil},
		{"a nonexistent local path", []string{"scan", filepath.Join(dir, "missing")}, 2, "missing", nil},
		{"a file instead of a folder", []string{"lint", file}, 2, "plain.txt", nil},
		{"a plan that is a folder, not a file", []string{"fix", "--apply", "--plan", planDir}, 2, "plan-is-a-folder", nil},
		{"fix without --dest", []string{"fix", layoutDir}, 2, "--dest", nil},
		{"a malformed connection string", []string{"scan", e.ContainerURL(container), "--connection-string", "AccountKey=" + azurite.Key}, 2, "connection string", []string{azurite.Key}},
		{"a missing container", []string{"lint", e.ContainerURL("no-such-container"), "--account-key", azurite.Key}, 3, "no-such-container", []string{azurite.Key}},
		{"a wrong account key", []string{"scan", e.ContainerURL(container), "--account-key", wrongKey}, 3, container, []string{wrongKey}},
		{"an expired SAS", []string{"lint", e.ContainerURL(container) + "?" + expired}, 3, container, []string{sig, url.QueryEscape(sig)}},
		{"an unreachable endpoint", []string{"scan", "http://127.0.0.1:1/devstoreaccount1/backups1", "--account-key", azurite.Key}, 3, "127.0.0.1:1", []string{azurite.Key}},
	}
	if len(cases) < 15 {
		t.Fatalf("only %d bad-input cases", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tc.args...)
			t.Logf("exit %d: %s", code, stderr)
			if code != tc.code {
				t.Errorf("exit code %d, want %d (stderr %q)", code, tc.code, stderr)
			}
			lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
			if len(lines) != 1 || lines[0] == "" {
				t.Errorf("stderr has %d lines, want exactly one: %q", len(lines), stderr)
			}
			if !strings.HasPrefix(stderr, "baklint: ") {
				t.Errorf("stderr %q does not start with 'baklint: '", stderr)
			}
			if !strings.Contains(stderr, tc.mention) {
				t.Errorf("stderr %q does not mention %q", stderr, tc.mention)
			}
			for _, bad := range []string{"goroutine ", "panic", ".go:", ": bad input"} {
				if strings.Contains(stderr, bad) {
					t.Errorf("stderr looks like a stack trace: %q", stderr)
				}
			}
			for _, s := range tc.secrets {
				if strings.Contains(stderr, s) || strings.Contains(stdout, s) {
					t.Errorf("a secret leaked into the output: %q", stderr)
				}
			}
		})
	}
}

func mustSig(t *testing.T, query string) string {
	t.Helper()
	v, err := url.ParseQuery(query)
	if err != nil || v.Get("sig") == "" {
		t.Fatalf("SAS %q has no sig", query)
	}
	return v.Get("sig")
}

func farFuture() time.Time { return time.Now().Add(24 * time.Hour) }

type nopCloser struct{ *strings.Reader }

func (nopCloser) Close() error { return nil }
