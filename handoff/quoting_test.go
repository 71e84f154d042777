package handoff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/baklint/baklint/layout"
)

// Names an attacker controls through backup headers and blob names: every
// character that ends a quote, a word or a statement, or starts an
// expansion, in either shell.
const (
	hostileDB     = "O'Brien\"; $(touch PWNED1) `touch PWNED2` ; rm -rf ~ \n$env:PATH ‘x’ & | < > # (y) {z}"
	hostileFolder = "f'o\"l$d`e;r\nx $(touch PWNED3) ’"
	hostileLast   = "l'a$(touch PWNED4)`s`t;\n.trn"
)

func hostileResult(target string) *layout.Result {
	return &layout.Result{Source: "x", Target: target, Findings: []layout.Finding{},
		Databases: []layout.Database{{Name: hostileDB, Folders: []string{hostileFolder}, ChainStatus: "complete", LastBackupName: hostileLast}}}
}

var fullOptions = Options{ServiceURL: "https://acct.blob.core.windows.net/", Account: "acct", Container: "migr",
	Azure: Azure{Subscription: "sub-1", ResourceGroup: "rg-1", Instance: "inst-1",
		MigrationService: "/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.DataMigration/sqlMigrationServices/dms-1",
		StorageAccountID: "/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.Storage/storageAccounts/acct"}}

// wantArgs is what the one command for the hostile database must receive,
// by parameter, whatever the shell.
func wantArgs(target string) map[string]string {
	uri := "https://acct.blob.core.windows.net/migr/" + (&url.URL{Path: hostileFolder}).EscapedPath()
	switch target {
	case "lrs":
		return map[string]string{"name": hostileDB, "uri": uri, "last": hostileLast}
	default:
		return map[string]string{"name": hostileDB, "container": "migr/" + hostileFolder, "last": hostileLast}
	}
}

// runBash runs an az script with bash, az replaced by a function that
// records its arguments, and returns one argument list per az call.
func runBash(t *testing.T, script string) [][]string {
	t.Helper()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Fatalf("bash is needed to run the generated az scripts: %v", err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "s.sh")
	if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bash, "-c", `az() { printf '%s\0' "$@"; printf '\036\0'; }; . "$1"`, "_", path)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, EnvSAS + "=sas-from-env", EnvAccountKey + "=key-from-env"}
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("bash: %v: %s", err, stderr.String())
	}
	for _, canary := range []string{"PWNED1", "PWNED2", "PWNED3", "PWNED4"} {
		if _, err := os.Stat(filepath.Join(dir, canary)); err == nil {
			t.Errorf("the script ran a command hidden in a name: %s exists", canary)
		}
	}
	var calls [][]string
	var cur []string
	for _, a := range strings.Split(strings.TrimSuffix(out.String(), "\x00"), "\x00") {
		if a == "\x1e" {
			calls = append(calls, cur)
			cur = nil
			continue
		}
		cur = append(cur, a)
	}
	return calls
}

// flagValues pairs each --flag or -Flag with the value after it ("" for a
// switch, recognised by the next token being another flag).
func flagValues(args []string, prefix string) (map[string]string, []string) {
	vals := map[string]string{}
	var flags []string
	for i := 0; i < len(args); i++ {
		if !strings.HasPrefix(args[i], prefix) {
			continue
		}
		flags = append(flags, args[i])
		if i+1 < len(args) && !strings.HasPrefix(args[i+1], prefix) {
			vals[args[i]] = args[i+1]
			i++
		} else {
			vals[args[i]] = ""
		}
	}
	return vals, flags
}

func TestAzScriptsPassHostileNamesAsExactArgumentsAndRunNothingHiddenInThem(t *testing.T) {
	for _, target := range scriptTargets {
		t.Run(target, func(t *testing.T) {
			calls := runBash(t, script(t, hostileResult(target), withShell(fullOptions, ShellAz)))
			if len(calls) != 1 {
				t.Fatalf("%d az calls, want 1", len(calls))
			}
			vals, _ := flagValues(calls[0], "--")
			want := wantArgs(target)
			if target == "lrs" {
				check(t, "--name", vals["--name"], want["name"])
				check(t, "--storage-uri", vals["--storage-uri"], want["uri"])
				check(t, "--last-backup-name", vals["--last-backup-name"], want["last"])
				check(t, "--storage-sas", vals["--storage-sas"], "sas-from-env")
				return
			}
			check(t, "--target-db-name", vals["--target-db-name"], want["name"])
			check(t, "--source-database-name", vals["--source-database-name"], want["name"])
			var loc struct {
				AzureBlob map[string]string `json:"azureBlob"`
			}
			var off struct {
				Offline        bool   `json:"offline"`
				LastBackupName string `json:"lastBackupName"`
			}
			if err := json.Unmarshal([]byte(vals["--source-location"]), &loc); err != nil {
				t.Fatalf("--source-location is not JSON: %v: %q", err, vals["--source-location"])
			}
			if err := json.Unmarshal([]byte(vals["--offline-configuration"]), &off); err != nil {
				t.Fatalf("--offline-configuration is not JSON: %v", err)
			}
			check(t, "blobContainerName", loc.AzureBlob["blobContainerName"], want["container"])
			check(t, "accountKey", loc.AzureBlob["accountKey"], "key-from-env")
			check(t, "storageAccountResourceId", loc.AzureBlob["storageAccountResourceId"], fullOptions.Azure.StorageAccountID)
			check(t, "lastBackupName", off.LastBackupName, want["last"])
			if !off.Offline {
				t.Error("offline is not true")
			}
			check(t, "--scope", vals["--scope"], "/subscriptions/sub-1/resourceGroups/rg-1/providers/"+
				map[string]string{"mi": "Microsoft.Sql/managedInstances/inst-1", "vm-2019": "Microsoft.SqlVirtualMachine/sqlVirtualMachines/inst-1"}[target])
		})
	}
}

func TestPowerShellScriptsPassHostileNamesInsideSingleQuotedLiteralsOnly(t *testing.T) {
	for _, target := range scriptTargets {
		t.Run(target, func(t *testing.T) {
			out := script(t, hostileResult(target), withShell(fullOptions, ShellPowerShell))
			vars, cmds := parsePowerShell(t, out)
			if len(cmds) != 1 {
				t.Fatalf("%d commands, want 1", len(cmds))
			}
			vals, _ := flagValues(evalPS(t, cmds[0], vars), "-")
			want := wantArgs(target)
			if target == "lrs" {
				check(t, "-Name", vals["-Name"], want["name"])
				check(t, "-StorageContainerUri", vals["-StorageContainerUri"], want["uri"])
				check(t, "-LastBackupName", vals["-LastBackupName"], want["last"])
				check(t, "-StorageContainerSasToken", vals["-StorageContainerSasToken"], "$env:"+EnvSAS)
				return
			}
			check(t, "-TargetDbName", vals["-TargetDbName"], want["name"])
			check(t, "-AzureBlobContainerName", vals["-AzureBlobContainerName"], want["container"])
			check(t, "-OfflineConfigurationLastBackupName", vals["-OfflineConfigurationLastBackupName"], want["last"])
			check(t, "-AzureBlobAccountKey", vals["-AzureBlobAccountKey"], "$env:"+EnvAccountKey)
		})
	}
}

func TestHostileNamesInTheNotReadyCommentsStayOnTheirCommentLine(t *testing.T) {
	r := hostileResult("lrs")
	r.Databases[0].ChainStatus = "broken"
	r.Findings = []layout.Finding{{Rule: "log-chain-gap", Severity: layout.Error, Path: hostileFolder + "/x.trn", Database: hostileDB, Message: "gap\nrm -rf /"}}
	for shell := range map[string]bool{ShellPowerShell: true, ShellAz: true} {
		out := script(t, r, withShell(fullOptions, shell))
		_, head, _ := strings.Cut(out, "# baklint script:")
		head, _, _ = strings.Cut("# baklint script:"+head, "\n\n")
		for _, l := range strings.Split(head, "\n") {
			if !strings.HasPrefix(l, "#") {
				t.Errorf("%s: header line is not a comment: %q", shell, l)
			}
		}
		if !strings.Contains(head, `O'Brien`) || !strings.Contains(head, `\n`) {
			t.Errorf("%s: the name is not shown, escaped, in the header:\n%s", shell, head)
		}
	}
}

func TestEveryParameterInTheScriptsIsOneTheCitedDocumentationLists(t *testing.T) {
	docs := map[string][]string{}
	for _, d := range CommandDocs {
		if !strings.HasPrefix(d.URL, "https://learn.microsoft.com/") {
			t.Errorf("%s cites %s, not Microsoft Learn", d.Command, d.URL)
		}
		docs[d.Command] = d.Params
	}
	used := map[string]bool{}
	checkFlags := func(where, command string, flags []string) {
		allowed, ok := docs[command]
		if !ok {
			t.Errorf("%s: command %q has no entry in CommandDocs", where, command)
		}
		for _, f := range flags {
			used[command+" "+f] = true
			if !slices.Contains(allowed, f) {
				t.Errorf("%s: %s %s is not among the documented parameters %v", where, command, f, allowed)
			}
		}
	}
	online := fullOptions
	online.Online = true
	variants := []Options{fullOptions, withAuth(fullOptions, AuthManagedIdentity), online}
	for _, target := range scriptTargets {
		for i, o := range variants {
			if target == "vm-2019" && o.Auth == AuthManagedIdentity {
				continue // refused for PowerShell; az is covered below
			}
			where := fmt.Sprintf("%s/variant %d", target, i)
			vars, cmds := parsePowerShell(t, script(t, hostileResult(target), withShell(o, ShellPowerShell)))
			for _, c := range cmds {
				_, flags := flagValues(evalPS(t, c, vars), "-")
				checkFlags(where, c[0].val, flags)
			}
			if target == "lrs" && o.Auth == AuthManagedIdentity {
				continue // refused for az: log-replay start documents no identity option
			}
			for _, call := range runBash(t, script(t, hostileResult(target), withShell(o, ShellAz))) {
				n := 4 // az sql midb log-replay start / az datamigration X create
				if call[0] == "datamigration" {
					n = 3
				}
				_, flags := flagValues(call[n:], "--")
				checkFlags(where, "az "+strings.Join(call[:n], " "), flags)
			}
		}
	}
	if len(used) < 20 {
		t.Errorf("only %d command parameters were exercised", len(used))
	}
}

func check(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

func withShell(o Options, s string) Options { o.Shell = s; return o }
func withAuth(o Options, a string) Options  { o.Auth = a; return o }

func TestANameNoShellCanPassIsLeftOutAndListedNotWrittenBroken(t *testing.T) {
	r := hostileResult("lrs")
	r.Databases = append(r.Databases, layout.Database{Name: "nul\x00name", Folders: []string{"n"}, ChainStatus: "complete", LastBackupName: "n.trn"})
	for _, shell := range []string{ShellPowerShell, ShellAz} {
		out := script(t, r, withShell(fullOptions, shell))
		if strings.ContainsRune(out, 0) {
			t.Errorf("%s: a NUL byte was written into the script", shell)
		}
		if !strings.Contains(out, `#   nul\x00name (folder n)`) {
			t.Errorf("%s: the left-out database is not listed:\n%s", shell, out)
		}
	}
	calls := runBash(t, script(t, r, withShell(fullOptions, ShellAz)))
	if len(calls) != 1 {
		t.Errorf("%d az calls, want 1 (the hostile but passable name)", len(calls))
	}
	doc := restDoc(t, r, fullOptions)
	if len(doc.Requests) != 2 {
		t.Errorf("REST has %d requests, want 2: JSON carries a NUL byte", len(doc.Requests))
	}
}

func TestAccountWideDatabasesPointAtTheirOwnContainers(t *testing.T) {
	r := &layout.Result{Source: "https://acct.blob.core.windows.net/", Target: "lrs", Findings: []layout.Finding{}, Databases: []layout.Database{
		{Name: "A", Container: "c1", Folders: []string{"A"}, ChainStatus: "complete", LastBackupName: "a.trn"},
		{Name: "B", Container: "c2", Folders: []string{""}, ChainStatus: "complete", LastBackupName: "b.trn"},
	}}
	o := fullOptions
	o.Container = ""
	out := script(t, r, withShell(o, ShellAz))
	if strings.Contains(out, "CONTAINER=") {
		t.Errorf("an account-wide script defines a single container:\n%s", out)
	}
	got := map[string]string{}
	for _, c := range runBash(t, out) {
		v, _ := flagValues(c, "--")
		got[v["--name"]] = v["--storage-uri"]
	}
	check(t, "A", got["A"], "https://acct.blob.core.windows.net/c1/A")
	check(t, "B", got["B"], "https://acct.blob.core.windows.net/c2")
}
