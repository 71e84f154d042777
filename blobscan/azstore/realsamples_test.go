package azstore_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/blobscan/azstore"
	"github.com/baklint/baklint/internal/azurite"
	"github.com/baklint/baklint/internal/testutil"
)

const realBackupsDir = "../../../shared/testdata/backups"

// realSampleFiles lists every file of the shared samples folder (paths
// relative to it, '/' separated), skipping the test when the folder is
// absent outside CI.
func realSampleFiles(tb testing.TB) []string {
	tb.Helper()
	return testutil.ListTree(tb, testutil.SharedData(tb, realBackupsDir))
}

// uploadReal uploads the sample files as block blobs, 8 at a time; name
// maps a sample path to its blob path.
func uploadReal(ctx context.Context, e *azurite.Emulator, tb testing.TB, container string, files []string, name func(i int, p string) string) error {
	client := e.Client(tb)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(8)
	for i, p := range files {
		g.Go(func() error {
			f, err := os.Open(filepath.Join(realBackupsDir, filepath.FromSlash(p)))
			if err != nil {
				return err
			}
			defer f.Close()
			_, err = client.UploadFile(gctx, container, name(i, p), f, nil)
			return err
		})
	}
	return g.Wait()
}

// bodyCounter is an HTTP transport that counts, per URL path, the requests
// made, the bytes their Range headers ask for and the response body bytes
// actually read.
type bodyCounter struct {
	next *http.Client
	mu   sync.Mutex
	// by URL path (/account/container/blob), listing requests included
	// under the container's own path.
	requests, asked, body map[string]int64
}

func newBodyCounter(concurrency int) *bodyCounter {
	return &bodyCounter{next: azstore.NewHTTPClient(concurrency),
		requests: map[string]int64{}, asked: map[string]int64{}, body: map[string]int64{}}
}

func (c *bodyCounter) Do(req *http.Request) (*http.Response, error) {
	p := req.URL.Path
	var rng string
	for k, v := range req.Header { // the SDK sets x-ms-range without canonicalising it
		if (strings.EqualFold(k, "x-ms-range") || strings.EqualFold(k, "range")) && len(v) > 0 {
			rng = v[0]
		}
	}
	c.mu.Lock()
	c.requests[p]++
	if req.Method == http.MethodGet && req.URL.Query().Get("comp") == "" {
		var from, to int64
		if n, _ := fmt.Sscanf(rng, "bytes=%d-%d", &from, &to); n == 2 {
			c.asked[p] += to - from + 1
		} else {
			c.asked[p] += 1 << 40 // an unbounded GET asks for the whole blob
		}
	}
	c.mu.Unlock()
	resp, err := c.next.Do(req)
	if resp != nil && resp.Body != nil {
		resp.Body = &countingBody{ReadCloser: resp.Body, add: func(n int) {
			c.mu.Lock()
			c.body[p] += int64(n)
			c.mu.Unlock()
		}}
	}
	return resp, err
}

type countingBody struct {
	io.ReadCloser
	add func(int)
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.add(n)
	return n, err
}

// The scanner must see the same files through Azure as on disk: every
// sample uploaded as a blob yields the local scan's paths, sizes and
// decoded headers (or the same error), and no blob costs more than head
// and tail reads.
func TestRealSamplesScanTheSameFromAzuriteAsFromDiskWithin512KiBPerBlob(t *testing.T) {
	files := realSampleFiles(t)
	e := azurite.Get(t)
	name := e.NewContainer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	start := time.Now()
	if err := uploadReal(ctx, e, t, name, files, func(_ int, p string) string { return p }); err != nil {
		t.Fatalf("upload: %v", err)
	}
	t.Logf("uploaded %d files in %v", len(files), time.Since(start).Round(time.Millisecond))

	const workers = 8
	counter := newBodyCounter(workers)
	c, err := azstore.NewContainer(azurite.Account, e.BlobEndpoint, name, sharedKey(t), azstore.Options{Concurrency: workers, Transport: counter})
	if err != nil {
		t.Fatal(err)
	}
	onErr := func(p string, err error) { t.Errorf("folder %s: %v", p, err) }
	remote, err := blobscan.Scan(ctx, []blobscan.Reader{c}, blobscan.ScanOptions{Headers: true, Concurrency: workers, OnError: onErr})
	if err != nil {
		t.Fatalf("scan of Azurite: %v", err)
	}
	disk, err := blobscan.NewLocal(realBackupsDir)
	if err != nil {
		t.Fatal(err)
	}
	local, err := blobscan.Scan(ctx, []blobscan.Reader{disk}, blobscan.ScanOptions{Headers: true, Concurrency: workers, OnError: onErr})
	if err != nil {
		t.Fatalf("local scan: %v", err)
	}

	if len(remote) != len(files) || len(local) != len(files) {
		t.Fatalf("scanned %d blobs and %d local files, want %d each", len(remote), len(local), len(files))
	}
	var backups, headers int
	var maxAsked, maxBody, maxRequests int64
	for i := range local {
		l, r := local[i], remote[i]
		if l.Path != r.Path || l.Size != r.Size {
			t.Errorf("file %d: local %s (%d bytes), Azurite %s (%d bytes)", i, l.Path, l.Size, r.Path, r.Size)
			continue
		}
		if !reflect.DeepEqual(l.Header, r.Header) {
			t.Errorf("%s: local header %+v, Azurite header %+v", l.Path, l.Header, r.Header)
		}
		if errText(l.HeaderErr) != errText(r.HeaderErr) {
			t.Errorf("%s: local error %q, Azurite error %q", l.Path, errText(l.HeaderErr), errText(r.HeaderErr))
		}
		if !blobscan.IsBackupName(l.Path) {
			continue
		}
		backups++
		if r.Header != nil {
			headers++
		}
		key := "/" + azurite.Account + "/" + name + "/" + r.Path
		n, asked, body := counter.requests[key], counter.asked[key], counter.body[key]
		if n < 1 || n > 2 || asked > 512<<10 || body > 512<<10 {
			t.Errorf("%s (%d bytes): %d requests asking for %d bytes, %d body bytes read; want 1-2 requests, at most 512 KiB", r.Path, r.Size, n, asked, body)
		}
		maxAsked, maxBody, maxRequests = max(maxAsked, asked), max(maxBody, body), max(maxRequests, n)
	}
	// All 126 samples are native backups the decoder reads (issue 3).
	if backups != 126 || headers != backups {
		t.Errorf("%d headers decoded from %d backup files, want 126 of 126", headers, backups)
	}
	t.Logf("%d files, %d backups, %d headers decoded identically; per blob at most %d requests, %d bytes asked, %d body bytes read",
		len(files), backups, headers, maxRequests, maxAsked, maxBody)
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
