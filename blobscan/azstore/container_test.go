package azstore_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/blob"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/blobscan/azstore"
	"github.com/baklint/baklint/blobscan/blobscantest"
	"github.com/baklint/baklint/internal/azurite"
)

func TestMain(m *testing.M) { os.Exit(azurite.Main(m)) }

func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func sharedKey(t testing.TB) azstore.Auth {
	cred, err := azblob.NewSharedKeyCredential(azurite.Account, azurite.Key)
	if err != nil {
		t.Fatal(err)
	}
	return azstore.Auth{SharedKey: cred}
}

// newContainer makes a fresh Azurite container and its Reader.
func newContainer(t testing.TB, opts azstore.Options) (*azurite.Emulator, *azstore.Container, func(string, []byte)) {
	e := azurite.Get(t)
	name := e.NewContainer(t)
	c, err := azstore.NewContainer(azurite.Account, e.BlobEndpoint, name, sharedKey(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	client := e.Client(t)
	upload := func(p string, data []byte) {
		if _, err := client.UploadBuffer(testCtx(t), name, p, data, nil); err != nil {
			t.Errorf("upload %s: %v", p, err)
		}
	}
	return e, c, upload
}

func TestContainerConformsToReader(t *testing.T) {
	blobscantest.RunReaderConformance(t, func(t *testing.T) (blobscan.Reader, func(string, []byte)) {
		_, c, upload := newContainer(t, azstore.Options{Concurrency: 8})
		return c, upload
	})
}

// listAll lists under prefix and fails on a blob listed twice, which the
// map alone would hide.
func listAll(t *testing.T, c *azstore.Container, prefix string) map[string]blobscan.Object {
	t.Helper()
	got := map[string]blobscan.Object{}
	err := c.List(testCtx(t), prefix, func(o blobscan.Object) error {
		if _, dup := got[o.Path]; dup {
			t.Errorf("%s listed twice", o.Path)
		}
		got[o.Path] = o
		return nil
	}, func(p string, err error) { t.Errorf("folder %s: %v", p, err) })
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestListWalksEveryPageOfEveryFolder(t *testing.T) {
	// A page size of 3 makes every folder and the folder list itself span pages.
	_, c, upload := newContainer(t, azstore.Options{Concurrency: 4, PageSize: 3})
	want := map[string]bool{}
	for f := 0; f < 7; f++ {
		for i := 0; i < f+1; i++ {
			p := fmt.Sprintf("SRV/DB%d/LOG/DB%d_%d.trn", f, f, i)
			upload(p, []byte("x"))
			want[p] = true
		}
	}
	got := listAll(t, c, "")
	if len(got) != len(want) {
		t.Errorf("listed %d blobs, want %d", len(got), len(want))
	}
	for p := range want {
		if _, ok := got[p]; !ok {
			t.Errorf("%s not listed", p)
		}
	}
	var flat []string
	if err := c.ListFlat(testCtx(t), "SRV/DB6/", func(o blobscan.Object) error {
		flat = append(flat, o.Path)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(flat) != 7 {
		t.Errorf("ListFlat(SRV/DB6/) listed %d blobs, want 7: %q", len(flat), flat)
	}
}

func TestListReportsBlobTypeTierAndMD5(t *testing.T) {
	e, c, upload := newContainer(t, azstore.Options{})
	upload("DB1/full.bak", []byte("block blob body"))
	client := e.Client(t)
	ctx := testCtx(t)
	pb := client.ServiceClient().NewContainerClient(c.Name).NewPageBlobClient("DB1/page.bak")
	if _, err := pb.Create(ctx, 1024, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := pb.UploadPages(ctx, nopCloser{strings.NewReader(strings.Repeat("p", 512))}, blob.HTTPRange{Offset: 0, Count: 512}, nil); err != nil {
		t.Fatal(err)
	}
	upload("DB1/old.bak", []byte("archived body"))
	if _, err := client.ServiceClient().NewContainerClient(c.Name).NewBlobClient("DB1/old.bak").SetTier(ctx, blob.AccessTierArchive, nil); err != nil {
		t.Fatal(err)
	}
	got := listAll(t, c, "")
	tests := []struct {
		path, blobType, tier string
		size                 int64
		md5                  bool
	}{
		{"DB1/full.bak", blobscan.BlockBlob, blobscan.TierHot, 15, true},
		{"DB1/page.bak", blobscan.PageBlob, "", 1024, false},
		{"DB1/old.bak", blobscan.BlockBlob, blobscan.TierArchive, 13, true},
	}
	for _, tt := range tests {
		o, ok := got[tt.path]
		if !ok {
			t.Errorf("%s not listed", tt.path)
			continue
		}
		if o.BlobType != tt.blobType || o.Tier != tt.tier || o.Size != tt.size || (len(o.ContentMD5) == 16) != tt.md5 {
			t.Errorf("%s: listed type %q tier %q size %d md5 %x; want %q %q %d md5 %v",
				tt.path, o.BlobType, o.Tier, o.Size, o.ContentMD5, tt.blobType, tt.tier, tt.size, tt.md5)
		}
		p, err := c.Properties(ctx, tt.path)
		if err != nil {
			t.Fatal(err)
		}
		if p.BlobType != o.BlobType || p.Tier != o.Tier || p.ETag != o.ETag || string(p.ContentMD5) != string(o.ContentMD5) {
			t.Errorf("%s: properties %+v differ from listing %+v", tt.path, p, o)
		}
	}
}

type nopCloser struct{ *strings.Reader }

func (nopCloser) Close() error { return nil }

func TestListOfAMissingContainerStopsWithNotFound(t *testing.T) {
	e := azurite.Get(t)
	c, err := azstore.NewContainer(azurite.Account, e.BlobEndpoint, "no-such-container", sharedKey(t), azstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	folderErrs := 0
	err = c.List(testCtx(t), "", func(blobscan.Object) error { return nil }, func(string, error) { folderErrs++ })
	if !errors.Is(err, blobscan.ErrNotFound) || !errors.Is(err, blobscan.ErrStorage) {
		t.Fatalf("List = %v, want ErrNotFound", err)
	}
	if msg := err.Error(); !strings.Contains(msg, c.URL) || !strings.Contains(msg, "check the container name") {
		t.Errorf("error %q should name %s and say what to check", msg, c.URL)
	}
	if folderErrs != 0 {
		t.Errorf("a missing container went to onErr %d times; it must stop the walk instead", folderErrs)
	}
	if err := c.Probe(testCtx(t)); !errors.Is(err, blobscan.ErrNotFound) {
		t.Errorf("Probe = %v, want ErrNotFound", err)
	}
}

func TestListIsCancellable(t *testing.T) {
	_, c, upload := newContainer(t, azstore.Options{Concurrency: 2, PageSize: 1})
	for i := 0; i < 20; i++ {
		upload(fmt.Sprintf("F%d/x.bak", i), []byte("x"))
	}
	ctx, cancel := context.WithCancel(testCtx(t))
	var mu sync.Mutex
	seen := 0
	err := c.List(ctx, "", func(blobscan.Object) error {
		mu.Lock()
		defer mu.Unlock()
		seen++
		if seen == 3 {
			cancel()
		}
		return nil
	}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("List after cancel = %v, want context.Canceled", err)
	}
	if seen >= 20 {
		t.Errorf("listing went on to all %d blobs after cancel", seen)
	}
}

func TestConcurrentWalkMatchesFlatListing(t *testing.T) {
	_, c, upload := newContainer(t, azstore.Options{Concurrency: 6})
	var wg sync.WaitGroup
	for f := 0; f < 12; f++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				upload(fmt.Sprintf("S/%02d/%s/%d.bak", f, strings.Repeat("d/", f%4), i), []byte(strings.Repeat("b", f+i)))
			}
		}()
	}
	wg.Wait()
	walk := listAll(t, c, "")
	var flat []blobscan.Object
	if err := c.ListFlat(testCtx(t), "", func(o blobscan.Object) error { flat = append(flat, o); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(flat) != 120 || len(walk) != len(flat) {
		t.Fatalf("walk listed %d, flat %d, want 120 each", len(walk), len(flat))
	}
	sort.Slice(flat, func(i, j int) bool { return flat[i].Path < flat[j].Path })
	for _, f := range flat {
		w := walk[f.Path]
		if w.Size != f.Size || w.ETag != f.ETag || !w.LastModified.Equal(f.LastModified) {
			t.Errorf("%s: walk %+v, flat %+v", f.Path, w, f)
		}
	}
}

// noLogin fails like DefaultAzureCredential on a machine with no sign-in.
type noLogin struct{}

func (noLogin) GetToken(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
	return azcore.AccessToken{}, errors.New("DefaultAzureCredential: failed to acquire a token.\nAttempted credentials:\n\tAzureCLICredential: Azure CLI not found on path")
}

func TestFailedSignInIsAnAuthErrorThatSaysToLogIn(t *testing.T) {
	// The token is asked for before any connection, so nothing needs to listen.
	c, err := azstore.NewContainer("acct01", "https://127.0.0.1:1/acct01", "c01", azstore.Auth{Token: noLogin{}}, azstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = c.Probe(testCtx(t))
	if !errors.Is(err, blobscan.ErrAuth) {
		t.Fatalf("Probe = %v, want ErrAuth", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "az login") || !strings.Contains(msg, "https://127.0.0.1:1/acct01/c01") || strings.Contains(msg, "\n") {
		t.Errorf("error %q should be one line naming the container and saying to sign in", msg)
	}
}

// failFolder answers 400 to the listing of one folder and passes the rest
// to Azurite, as a folder the service refuses would.
type failFolder struct {
	next   *http.Client
	prefix string
}

func (f failFolder) Do(req *http.Request) (*http.Response, error) {
	if req.URL.Query().Get("prefix") == f.prefix {
		body := `<?xml version="1.0" encoding="utf-8"?><Error><Code>InvalidQueryParameterValue</Code><Message>refused</Message></Error>`
		return &http.Response{
			StatusCode: http.StatusBadRequest, Status: "400 Bad Request", Request: req,
			Header: http.Header{"X-Ms-Error-Code": {"InvalidQueryParameterValue"}, "Content-Type": {"application/xml"}},
			Body:   io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)),
		}, nil
	}
	return f.next.Do(req)
}

func TestListReportsAFailedFolderAndWalksTheOthers(t *testing.T) {
	e := azurite.Get(t)
	name := e.NewContainer(t)
	client := e.Client(t)
	for _, p := range []string{"A/a.bak", "B/b.bak", "B/sub/c.bak", "C/d.bak"} {
		if _, err := client.UploadBuffer(testCtx(t), name, p, []byte("x"), nil); err != nil {
			t.Fatal(err)
		}
	}
	c, err := azstore.NewContainer(azurite.Account, e.BlobEndpoint, name, sharedKey(t),
		azstore.Options{Transport: failFolder{next: azstore.NewHTTPClient(4), prefix: "B/"}})
	if err != nil {
		t.Fatal(err)
	}
	var got, failed []string
	var msgs []string
	err = c.List(testCtx(t), "", func(o blobscan.Object) error {
		got = append(got, o.Path)
		return nil
	}, func(p string, err error) {
		failed = append(failed, p)
		msgs = append(msgs, err.Error())
		if !errors.Is(err, blobscan.ErrStorage) || errors.Is(err, blobscan.ErrAuth) {
			t.Errorf("folder error %v is not a plain ErrStorage", err)
		}
	})
	sort.Strings(got)
	if err != nil || !slices.Equal(got, []string{"A/a.bak", "C/d.bak"}) || !slices.Equal(failed, []string{"B/"}) {
		t.Fatalf("List: got %q, failed %q, err %v; want A and C listed, B/ failed, no error", got, failed, err)
	}
	if !strings.Contains(msgs[0], "HTTP 400 InvalidQueryParameterValue") || !strings.Contains(msgs[0], "prefix=B%2F") {
		t.Errorf("folder error %q should name the folder and the service's answer", msgs[0])
	}
}

// tornBodies cuts the body of every ranged read after 1,000 bytes, whatever
// its Content-Length announces, as a connection that breaks mid-transfer
// does.
type tornBodies struct{ torn int }

func (t *tornBodies) Do(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	// A blob read: GET without a comp= or restype= query (those list).
	if err != nil || req.Method != http.MethodGet || req.URL.Query().Get("comp") != "" || req.URL.Query().Get("restype") != "" {
		return resp, err
	}
	t.torn++
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.LimitReader(resp.Body, 1000), resp.Body}
	return resp, nil
}

// A range read whose body ends before its Content-Length is a failed read
// (a storage error the callers retry), never fewer bytes: a copy would take
// those for a source that shrank and skip it for good (seen under
// toxiproxy's faults as "the source changed since planning").
func TestReadRangeFailsWhenTheBodyEndsBeforeItsAnnouncedLength(t *testing.T) {
	tr := &tornBodies{}
	_, c, upload := newContainer(t, azstore.Options{Transport: tr, TryTimeout: 10 * time.Second})
	upload("x.bak", make([]byte, 64<<10))
	b, err := c.ReadRange(testCtx(t), "x.bak", 0, 64<<10)
	if err == nil || !errors.Is(err, blobscan.ErrStorage) || errors.Is(err, blobscan.ErrChanged) {
		t.Fatalf("torn read: %d bytes, error %v; want a storage failure", len(b), err)
	}
	if tr.torn == 0 {
		t.Fatal("no read went through the torn transport")
	}
}
