package blobscan_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/blobscan/azstore"
	"github.com/baklint/baklint/blobscan/blobscantest"
	"github.com/baklint/baklint/internal/azurite"
)

func TestMain(m *testing.M) { os.Exit(azurite.Main(m)) }

const backupsDir = "../../shared/testdata/backups"

type manifestEntry struct {
	File         string `json:"file"`
	DatabaseName string `json:"DatabaseName"`
	Size         int64  `json:"size"`
}

// manifest returns the decoded headers of the real samples, by path.
func manifest(t *testing.T) map[string]manifestEntry {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(backupsDir, "manifest.json"))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared test data missing in CI: %v", err)
		}
		t.Skipf("shared test data absent: %v", err)
	}
	var entries []manifestEntry
	if err := json.Unmarshal(b, &entries); err != nil {
		t.Fatal(err)
	}
	m := map[string]manifestEntry{}
	for _, e := range entries {
		m[e.File] = e
	}
	return m
}

func TestScanDecodesTheHeadersOfEveryRealSample(t *testing.T) {
	want := manifest(t)
	l, err := blobscan.NewLocal(backupsDir)
	if err != nil {
		t.Fatal(err)
	}
	res := blobscantest.ScanHeaders(t, l, 8)
	backups, decoded := 0, 0
	for _, s := range res {
		if !blobscan.IsBackupName(s.Path) {
			if s.Header != nil || s.HeaderErr != nil {
				t.Errorf("%s is no backup but its header was read", s.Path)
			}
			continue
		}
		backups++
		if s.Header != nil {
			decoded++
		}
		m, ok := want[s.Path]
		if !ok {
			continue // no manifest entry: any outcome but a crash is fine
		}
		if s.Header == nil {
			t.Errorf("%s: no header: %v", s.Path, s.HeaderErr)
		} else if s.Header.DatabaseName != m.DatabaseName || s.Size != m.Size {
			t.Errorf("%s: database %q size %d, manifest says %q %d", s.Path, s.Header.DatabaseName, s.Size, m.DatabaseName, m.Size)
		}
	}
	if backups != 126 {
		t.Errorf("scanned %d backup files, the sample set has 126", backups)
	}
	t.Logf("%d of %d real backups decoded", decoded, backups)
}

// rangeCounter is an HTTP transport that adds up the bytes each GET asks
// for, by blob path.
type rangeCounter struct {
	next      *http.Client
	mu        sync.Mutex
	requested map[string]int64
	requests  map[string]int
}

func (c *rangeCounter) Do(req *http.Request) (*http.Response, error) {
	if req.Method == http.MethodGet && req.URL.Query().Get("comp") == "" {
		var from, to int64
		// The SDK sets x-ms-range without canonicalising the key.
		var rng string
		for k, v := range req.Header {
			if (strings.EqualFold(k, "x-ms-range") || strings.EqualFold(k, "range")) && len(v) > 0 {
				rng = v[0]
			}
		}
		p, _ := url.PathUnescape(req.URL.EscapedPath())
		c.mu.Lock()
		c.requests[p]++
		if _, err := fmt.Sscanf(rng, "bytes=%d-%d", &from, &to); err == nil {
			c.requested[p] += to - from + 1
		} else {
			c.requested[p] += 1 << 40 // an unbounded GET: the whole blob
		}
		c.mu.Unlock()
	}
	return c.next.Do(req)
}

func TestScanOfAzureRequestsAtMost512KiBPerBackup(t *testing.T) {
	want := manifest(t)
	e := azurite.Get(t)
	name := e.NewContainer(t)
	samples := []string{
		"Gelller-TestJob/TestDB.bak", // the largest, 4 MB (no manifest entry)
		"khaledose-KlickIt_Task/database.bak",
		"appveyor-lab/history/SharePoint_Config.23d8f3c.bak",
		"TasnimBrashdi-OOP-with-EFCore-and-database-project-/Library.bak", // compressed
		"appveyor-lab/sql2008-backups/dbOrphanUsers/LOG/SQL2008_dbOrphanUsers_LOG_20170518_041837.trn",
		"Algendy22-ArmyTechTask/School.bak",
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	client := e.Client(t)
	for _, p := range samples {
		b, err := os.ReadFile(filepath.Join(backupsDir, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := client.UploadBuffer(ctx, name, "SRV/"+p, b, nil); err != nil {
			t.Fatal(err)
		}
	}
	counter := &rangeCounter{next: azstore.NewHTTPClient(4), requested: map[string]int64{}, requests: map[string]int{}}
	cred, err := azblob.NewSharedKeyCredential(azurite.Account, azurite.Key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := azstore.NewContainer(azurite.Account, e.BlobEndpoint, name, azstore.Auth{SharedKey: cred}, azstore.Options{Transport: counter, Concurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	res, err := blobscan.Scan(ctx, []blobscan.Reader{c}, blobscan.ScanOptions{Headers: true, Concurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != len(samples) {
		t.Fatalf("scanned %d blobs, want %d", len(res), len(samples))
	}
	for _, s := range res {
		p := strings.TrimPrefix(s.Path, "SRV/")
		if m, ok := want[p]; s.Header == nil || (ok && s.Header.DatabaseName != m.DatabaseName) {
			t.Errorf("%s: header %+v (%v), manifest database %q", s.Path, s.Header, s.HeaderErr, want[p].DatabaseName)
		}
		key := "/" + azurite.Account + "/" + name + "/" + s.Path
		got, n := counter.requested[key], counter.requests[key]
		if got > 512<<10 || n > 2 || n == 0 {
			t.Errorf("%s (%d bytes): %d requests for %d bytes; want 1-2 requests, at most 512 KiB", s.Path, s.Size, n, got)
		}
		t.Logf("%s: %d bytes, %d requests, %d bytes requested", s.Path, s.Size, n, got)
	}
}
