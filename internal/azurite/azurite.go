// Package azurite gives tests a running Azurite blob emulator on a loopback
// port. The repository's test script starts one Azurite for the whole run and
// passes its endpoint in BAKLINT_AZURITE_ENDPOINT; a plain `go test` starts
// one per test binary from node_modules when none is given. When Azurite is
// unavailable the tests skip, except in CI (CI=true or
// BAKLINT_REQUIRE_AZURITE=1), where a skip would hide an untested change and
// fails instead.
package azurite

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/sas"
)

// The well-known development account every Azurite has.
const (
	Account = "devstoreaccount1"
	Key     = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
)

// Emulator is a reachable Azurite.
type Emulator struct {
	// BlobEndpoint is the path-style account URL, http://127.0.0.1:PORT/devstoreaccount1.
	BlobEndpoint string
}

// ConnectionString names the endpoint explicitly: the Go SDK does not accept
// the UseDevelopmentStorage=true shortcut.
func (e *Emulator) ConnectionString() string {
	return fmt.Sprintf("DefaultEndpointsProtocol=http;AccountName=%s;AccountKey=%s;BlobEndpoint=%s;", Account, Key, e.BlobEndpoint)
}

// HostPort is the emulator's loopback address, for proxies that sit in front of it.
func (e *Emulator) HostPort() string {
	u, _ := url.Parse(e.BlobEndpoint)
	return u.Host
}

// Client returns an SDK client authenticated with the account key.
func (e *Emulator) Client(t testing.TB) *azblob.Client {
	t.Helper()
	cred, err := azblob.NewSharedKeyCredential(Account, Key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := azblob.NewClientWithSharedKeyCredential(e.BlobEndpoint+"/", cred, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// NewContainer creates a container with a unique name and returns the name.
// Containers are not deleted: Azurite runs in memory and dies with the run.
func (e *Emulator) NewContainer(t testing.TB) string {
	t.Helper()
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "t" + hex.EncodeToString(b[:])
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := e.Client(t).CreateContainer(ctx, name, nil); err != nil {
		t.Fatalf("create container %s: %v", name, err)
	}
	return name
}

// Upload puts blobs, by name, into container as block blobs (one Put Blob
// each, as the SDK does below 256 MiB), failing t on the first error.
func (e *Emulator) Upload(t testing.TB, container string, blobs map[string][]byte) {
	t.Helper()
	c := e.Client(t)
	for name, data := range blobs {
		if _, err := c.UploadBuffer(t.Context(), container, name, data, nil); err != nil {
			t.Fatalf("upload %s to container %s: %v", name, container, err)
		}
	}
}

// ContainerSAS signs a SAS for container with the account key, granting
// perms from start (none when zero) until expiry, over HTTP as Azurite
// speaks it. Only the query is returned, as a credential is given.
func ContainerSAS(t testing.TB, container string, perms sas.ContainerPermissions, start, expiry time.Time) string {
	t.Helper()
	cred, err := azblob.NewSharedKeyCredential(Account, Key)
	if err != nil {
		t.Fatal(err)
	}
	q, err := sas.BlobSignatureValues{
		Protocol:      sas.ProtocolHTTPSandHTTP,
		StartTime:     start.UTC(),
		ExpiryTime:    expiry.UTC(),
		Permissions:   perms.String(),
		ContainerName: container,
	}.SignWithSharedKey(cred)
	if err != nil {
		t.Fatal(err)
	}
	return q.Encode()
}

// ContainerURL is the path-style URL of a container, without credentials.
func (e *Emulator) ContainerURL(container string) string {
	return e.BlobEndpoint + "/" + container
}

var (
	mu       sync.Mutex
	started  *exec.Cmd
	shared   *Emulator
	startErr error
)

// Required reports whether a missing Azurite must fail the tests.
func Required() bool {
	return os.Getenv("CI") == "true" || os.Getenv("BAKLINT_REQUIRE_AZURITE") == "1"
}

// Get returns the emulator for this test binary, starting it on first use,
// or skips the test (fails it in CI) when none can be had.
func Get(t testing.TB) *Emulator {
	t.Helper()
	e, err := get()
	if err != nil {
		if Required() {
			t.Fatalf("Azurite is required here but unavailable: %v", err)
		}
		t.Skipf("Azurite unavailable (run `npm ci` and the test script): %v", err)
	}
	return e
}

func get() (*Emulator, error) {
	mu.Lock()
	defer mu.Unlock()
	if shared != nil || startErr != nil {
		return shared, startErr
	}
	if ep := os.Getenv("BAKLINT_AZURITE_ENDPOINT"); ep != "" {
		shared = &Emulator{BlobEndpoint: strings.TrimRight(ep, "/")}
		startErr = waitTCP(shared.HostPort(), 10*time.Second)
		if startErr != nil {
			shared = nil
		}
		return shared, startErr
	}
	shared, startErr = start()
	return shared, startErr
}

// Main wraps testing.M.Run so that an Azurite this binary started is stopped
// afterwards. Use it from TestMain in packages that call Get.
func Main(m *testing.M) int {
	code := m.Run()
	Stop()
	return code
}

// Stop kills an Azurite this process started, by its PID.
func Stop() {
	mu.Lock()
	defer mu.Unlock()
	if started != nil && started.Process != nil {
		_ = started.Process.Kill()
		_, _ = started.Process.Wait()
		started = nil
	}
}

// Bin finds azurite-blob in the repository's node_modules.
func Bin() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, "node_modules", ".bin", "azurite-blob")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return "", fmt.Errorf("no %s", p)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("azurite-blob not found above the working directory")
		}
		dir = parent
	}
}

func start() (*Emulator, error) {
	e, cmd, err := StartProcess()
	if err != nil {
		return nil, err
	}
	started = cmd
	return e, nil
}

// StartProcess starts an in-memory Azurite from node_modules on a free
// loopback port and waits until it listens. The caller stops it by killing
// the returned process.
func StartProcess() (*Emulator, *exec.Cmd, error) {
	bin, err := Bin()
	if err != nil {
		return nil, nil, err
	}
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		port, err := freePort()
		if err != nil {
			return nil, nil, err
		}
		cmd := exec.Command(bin, Args(port)...)
		if err := cmd.Start(); err != nil {
			return nil, nil, err
		}
		e := &Emulator{BlobEndpoint: fmt.Sprintf("http://127.0.0.1:%d/%s", port, Account)}
		if lastErr = waitTCP(e.HostPort(), 30*time.Second); lastErr == nil {
			return e, cmd, nil
		}
		_ = cmd.Process.Kill()
		_, _ = cmd.Process.Wait()
	}
	return nil, nil, fmt.Errorf("azurite did not start: %w", lastErr)
}

// Args are the azurite-blob arguments for a loopback, in-memory instance.
// --skipApiVersionCheck: the SDK speaks a newer API version than Azurite 3.35.
// --disableTelemetry: Azurite otherwise phones home, and tests talk to
// loopback only. In-memory persistence cannot be combined with --location.
func Args(port int) []string {
	return []string{
		"--blobHost", "127.0.0.1", "--blobPort", fmt.Sprint(port),
		"--inMemoryPersistence", "--extentMemoryLimit", "4096",
		"--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry",
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func waitTCP(addr string, d time.Duration) error {
	deadline := time.Now().Add(d)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("nothing listens on %s: %w", addr, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
