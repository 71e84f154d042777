package store_test

import (
	"context"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/sas"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/blobscan/azstore"
	"github.com/baklint/baklint/blobscan/store"
	"github.com/baklint/baklint/internal/azurite"
)

func TestMain(m *testing.M) { os.Exit(azurite.Main(m)) }

// noEnv keeps the developer's own credentials out of the test.
func noEnv(t *testing.T) {
	t.Setenv("AZURE_STORAGE_CONNECTION_STRING", "")
	t.Setenv("AZURE_STORAGE_KEY", "")
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return c
}

// seeded is a container holding two backups, one of them in a folder.
func seeded(t *testing.T, e *azurite.Emulator) string {
	name := e.NewContainer(t)
	c := e.Client(t)
	for _, p := range []string{"DB1/DB1_FULL.bak", "root.trn", "DB2/sub/DB2.bak"} {
		if _, err := c.UploadBuffer(ctx(t), name, p, []byte("body of "+p), nil); err != nil {
			t.Fatal(err)
		}
	}
	return name
}

func listPaths(t *testing.T, r blobscan.Reader) []string {
	t.Helper()
	var got []string
	err := r.List(ctx(t), "", func(o blobscan.Object) error {
		got = append(got, o.Path)
		return nil
	}, func(p string, err error) { t.Errorf("%s: %v", p, err) })
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	sort.Strings(got)
	return got
}

func containerSAS(t *testing.T, name string, perms sas.ContainerPermissions, expiry time.Time) string {
	return azurite.ContainerSAS(t, name, perms, time.Now().Add(-time.Hour), expiry)
}

func TestOpenReadsWithEveryCredentialForm(t *testing.T) {
	e := azurite.Get(t)
	name := seeded(t, e)
	url := e.ContainerURL(name)
	readList := containerSAS(t, name, sas.ContainerPermissions{Read: true, List: true}, time.Now().Add(time.Hour))
	tests := []struct {
		name     string
		raw      string
		opts     store.Options
		env      map[string]string
		wantCred string
	}{
		{"connection string flag", url, store.Options{ConnectionString: e.ConnectionString()}, nil, store.CredConnectionString},
		{"connection string variable", url, store.Options{}, map[string]string{"AZURE_STORAGE_CONNECTION_STRING": e.ConnectionString()}, store.CredConnectionString},
		// Read and List are all LRS allows, and all a scan needs.
		{"SAS with only read and list", url + "?" + readList, store.Options{}, nil, store.CredSAS},
		{"SAS wins over a wrong key", url + "?" + readList, store.Options{AccountKey: base64.StdEncoding.EncodeToString([]byte("wrong"))}, nil, store.CredSAS},
		{"account key flag", url, store.Options{AccountKey: azurite.Key}, nil, store.CredAccountKey},
		{"account key variable", url, store.Options{}, map[string]string{"AZURE_STORAGE_KEY": azurite.Key}, store.CredAccountKey},
		{"connection string wins over a wrong key", url, store.Options{ConnectionString: e.ConnectionString(), AccountKey: base64.StdEncoding.EncodeToString([]byte("wrong"))}, nil, store.CredConnectionString},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			noEnv(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			src, err := store.Open(ctx(t), tt.raw, tt.opts)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if src.Credential != tt.wantCred {
				t.Errorf("picked %q, want %q", src.Credential, tt.wantCred)
			}
			if src.Local() || len(src.Readers) != 1 || src.Display != url {
				t.Fatalf("source %+v: want one Azure reader shown as %s", src, url)
			}
			r := src.Readers[0]
			if want := []string{"DB1/DB1_FULL.bak", "DB2/sub/DB2.bak", "root.trn"}; !slices.Equal(listPaths(t, r), want) {
				t.Errorf("listed %q, want %q", listPaths(t, r), want)
			}
			b, err := r.ReadRange(ctx(t), "DB1/DB1_FULL.bak", 8, 3)
			if err != nil || string(b) != "DB1" {
				t.Errorf("ReadRange = %q, %v; want DB1", b, err)
			}
			if r.Container() != name {
				t.Errorf("Container() = %q, want %q", r.Container(), name)
			}
		})
	}
}

func TestOpenOfAnAccountURLListsEveryContainer(t *testing.T) {
	noEnv(t)
	e := azurite.Get(t)
	a, b := seeded(t, e), seeded(t, e)
	src, err := store.Open(ctx(t), e.BlobEndpoint+"/", store.Options{AccountKey: azurite.Key})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range src.Readers {
		names = append(names, r.Container())
		if _, ok := r.(*azstore.Container); !ok {
			t.Errorf("reader %T is not an *azstore.Container", r)
		}
	}
	if !slices.Contains(names, a) || !slices.Contains(names, b) {
		t.Fatalf("readers for %q; want both %s and %s", names, a, b)
	}
	for _, r := range src.Readers {
		if r.Container() == b && len(listPaths(t, r)) != 3 {
			t.Errorf("container %s: listed %q, want 3 blobs", b, listPaths(t, r))
		}
	}
}

func TestOpenScopesReadersToTheURLPrefix(t *testing.T) {
	noEnv(t)
	e := azurite.Get(t)
	name := seeded(t, e)
	src, err := store.Open(ctx(t), e.ContainerURL(name)+"/DB2/", store.Options{ConnectionString: e.ConnectionString()})
	if err != nil {
		t.Fatal(err)
	}
	if src.Prefix != "DB2/" {
		t.Errorf("Prefix = %q, want DB2/", src.Prefix)
	}
	// Paths stay relative to the container root, so depth is counted as DMS does.
	if got := listPaths(t, src.Readers[0]); !slices.Equal(got, []string{"DB2/sub/DB2.bak"}) {
		t.Errorf("listed %q, want only DB2/sub/DB2.bak", got)
	}
}

func TestOpenFailsFastOnRefusedCredentialsWithoutLeakingThem(t *testing.T) {
	e := azurite.Get(t)
	name := seeded(t, e)
	url := e.ContainerURL(name)
	expired := containerSAS(t, name, sas.ContainerPermissions{Read: true, List: true}, time.Now().Add(-time.Minute))
	readOnly := containerSAS(t, name, sas.ContainerPermissions{Read: true}, time.Now().Add(time.Hour))
	wrongKey := base64.StdEncoding.EncodeToString([]byte("this is not the key of devstoreaccount1, 64 bytes long at least!"))
	sig := func(q string) string {
		_, s, _ := strings.Cut(q, "sig=")
		s, _, _ = strings.Cut(s, "&")
		return s
	}
	tests := []struct {
		name    string
		raw     string
		opts    store.Options
		secret  string
		mention string
	}{
		{"expired SAS", url + "?" + expired, store.Options{}, sig(expired), "expired"},
		{"SAS without list", url + "?" + readOnly, store.Options{}, sig(readOnly), "grants Read and List"},
		{"wrong account key", url, store.Options{AccountKey: wrongKey}, wrongKey, "check the account key"},
		{"wrong key in connection string", url, store.Options{ConnectionString: strings.Replace(e.ConnectionString(), azurite.Key, wrongKey, 1)}, wrongKey, "check the account key"},
		{"wrong key on the account URL", e.BlobEndpoint, store.Options{AccountKey: wrongKey}, wrongKey, "check the account key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			noEnv(t)
			if tt.secret == "" {
				t.Fatal("test has no secret to look for")
			}
			_, err := store.Open(ctx(t), tt.raw, tt.opts)
			if !errors.Is(err, blobscan.ErrAuth) || !errors.Is(err, blobscan.ErrStorage) {
				t.Fatalf("Open = %v, want an ErrAuth", err)
			}
			msg := err.Error()
			t.Log(msg)
			if strings.Contains(msg, tt.secret) || strings.Contains(msg, azurite.Key) {
				t.Errorf("error leaks a secret: %s", msg)
			}
			if !strings.Contains(msg, tt.mention) || strings.Contains(msg, "\n") {
				t.Errorf("error %q should be one line saying %q", msg, tt.mention)
			}
			if !strings.Contains(msg, e.BlobEndpoint) {
				t.Errorf("error %q does not name the URL", msg)
			}
		})
	}
}

func TestOpenReportsAnUnreachableEndpointAsStorageFailure(t *testing.T) {
	noEnv(t)
	// Port 1 on loopback: nothing listens, the dial is refused at once.
	_, err := store.Open(ctx(t), "http://127.0.0.1:1/devstoreaccount1/c01?sv=1&sig=TOPSECRET", store.Options{})
	if !errors.Is(err, blobscan.ErrStorage) || errors.Is(err, blobscan.ErrAuth) {
		t.Fatalf("Open = %v, want a plain ErrStorage", err)
	}
	if msg := err.Error(); strings.Contains(msg, "TOPSECRET") || !strings.Contains(msg, "cannot reach") || !strings.Contains(msg, "127.0.0.1:1") {
		t.Errorf("error %q should say it cannot reach 127.0.0.1:1, without the SAS", msg)
	}
}

func TestOpenRejectsBadCredentialInputAsBadInput(t *testing.T) {
	e := azurite.Get(t)
	name := seeded(t, e)
	other := "DefaultEndpointsProtocol=https;AccountName=otheracct;AccountKey=" + azurite.Key + ";EndpointSuffix=core.windows.net"
	tests := []struct {
		name, raw string
		opts      store.Options
		mention   string
	}{
		{"connection string of another account", e.ContainerURL(name), store.Options{ConnectionString: other}, "connection string is for https://otheracct.blob.core.windows.net/"},
		{"malformed connection string", e.ContainerURL(name), store.Options{ConnectionString: "AccountName devstoreaccount1;AccountKey=" + azurite.Key}, "malformed"},
		{"development storage shortcut", e.ContainerURL(name), store.Options{ConnectionString: "UseDevelopmentStorage=true"}, "BlobEndpoint explicitly"},
		{"key that is not base64", e.ContainerURL(name), store.Options{AccountKey: "not base64!"}, "not valid base64"},
		{"missing local folder", filepath.Join(t.TempDir(), "nope"), store.Options{}, "does not exist"},
		{"ftp URL", "ftp://x/y", store.Options{}, "unsupported scheme"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			noEnv(t)
			_, err := store.Open(ctx(t), tt.raw, tt.opts)
			if !errors.Is(err, blobscan.ErrBadInput) {
				t.Fatalf("Open = %v, want ErrBadInput", err)
			}
			if msg := err.Error(); !strings.Contains(msg, tt.mention) || strings.Contains(msg, azurite.Key) {
				t.Errorf("error %q should say %q and never hold the key", msg, tt.mention)
			}
		})
	}
}

func TestOpenOfALocalFolder(t *testing.T) {
	noEnv(t)
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "DB1"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "DB1", "a.bak"), []byte("a"), 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := store.Open(ctx(t), dir, store.Options{Concurrency: 3})
	if err != nil {
		t.Fatal(err)
	}
	if !src.Local() || src.Display != dir || len(src.Readers) != 1 || src.Credential != "" {
		t.Fatalf("source %+v: want one local reader shown as %s", src, dir)
	}
	if got := listPaths(t, src.Readers[0]); !slices.Equal(got, []string{"DB1/a.bak"}) {
		t.Errorf("listed %q", got)
	}
}
