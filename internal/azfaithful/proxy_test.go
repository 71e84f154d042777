package azfaithful_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/blob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/bloberror"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/pageblob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/sas"

	"github.com/baklint/baklint/internal/azfaithful"
	"github.com/baklint/baklint/internal/azurite"
)

func TestMain(m *testing.M) { os.Exit(azurite.Main(m)) }

type env struct {
	e         *azurite.Emulator
	p         *azfaithful.Proxy
	cred      *azblob.SharedKeyCredential
	container string
}

func setup(t *testing.T, opts azfaithful.Options) *env {
	t.Helper()
	e := azurite.Get(t)
	opts.Upstream, opts.Account, opts.Key = e.BlobEndpoint, azurite.Account, azurite.Key
	p, err := azfaithful.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	cred, _ := azblob.NewSharedKeyCredential(azurite.Account, azurite.Key)
	return &env{e: e, p: p, cred: cred, container: e.NewContainer(t)}
}

func (v *env) blobURL(name string) string { return v.p.Endpoint() + "/" + v.container + "/" + name }

func (v *env) readSAS(t *testing.T, name string) string {
	t.Helper()
	q, err := sas.BlobSignatureValues{
		Protocol: sas.ProtocolHTTPSandHTTP, ExpiryTime: time.Now().Add(time.Hour),
		Permissions: (&sas.BlobPermissions{Read: true}).String(), ContainerName: v.container, BlobName: name,
	}.SignWithSharedKey(v.cred)
	if err != nil {
		t.Fatal(err)
	}
	return q.Encode()
}

func (v *env) pageClient(t *testing.T, name string) *pageblob.Client {
	t.Helper()
	c, err := pageblob.NewClientWithSharedKeyCredential(v.blobURL(name), v.cred, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (v *env) upload(t *testing.T, name string, b []byte) azcore.ETag {
	t.Helper()
	resp, err := v.e.Client(t).UploadBuffer(context.Background(), v.container, name, b, nil)
	if err != nil {
		t.Fatal(err)
	}
	return *resp.ETag
}

func (v *env) read(t *testing.T, name string) []byte {
	t.Helper()
	resp, err := v.e.Client(t).DownloadStream(context.Background(), v.container, name, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return b
}

func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i/512)
	}
	return b
}

func TestPutPageFromURLWritesTheSourceRangeAndCountsItsPages(t *testing.T) {
	ctx := context.Background()
	v := setup(t, azfaithful.Options{})
	data := pattern(3 * 1024)
	etag := v.upload(t, "src.bak", data)
	pb := v.pageClient(t, "dst.bak")
	if _, err := pb.Create(ctx, int64(len(data)), nil); err != nil {
		t.Fatal(err)
	}
	src := v.blobURL("src.bak") + "?" + v.readSAS(t, "src.bak")
	// Two ranges, the second from a different source offset.
	if _, err := pb.UploadPagesFromURL(ctx, src, 0, 0, 2048, &pageblob.UploadPagesFromURLOptions{
		SourceModifiedAccessConditions: &blob.SourceModifiedAccessConditions{SourceIfMatch: &etag},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := pb.UploadPagesFromURL(ctx, src, 2048, 2048, 1024, nil); err != nil {
		t.Fatal(err)
	}
	if got := v.read(t, "dst.bak"); !bytes.Equal(got, data) {
		t.Fatal("the page blob does not hold the source's bytes")
	}
	if s := v.p.Stats(); s.PutPageFromURL != 2 || s.Pages != 6 || s.ClientBytesUp != 0 {
		t.Errorf("stats %+v, want 2 requests, 6 pages and no bytes from the client", s)
	}
}

func TestPutPageFromURLRefusesWhatAzureRefuses(t *testing.T) {
	ctx := context.Background()
	v := setup(t, azfaithful.Options{})
	data := pattern(1024)
	v.upload(t, "src.bak", data)
	v.upload(t, "a/src.bak", pattern(512)) // what "a/b/../src.bak" would really name
	pb := v.pageClient(t, "dst.bak")
	if _, err := pb.Create(ctx, 1024, nil); err != nil {
		t.Fatal(err)
	}
	wrongKey, _ := azblob.NewSharedKeyCredential(azurite.Account, "d3Jvbmcga2V5IHdyb25nIGtleQ==")
	badDst, _ := pageblob.NewClientWithSharedKeyCredential(v.blobURL("dst.bak"), wrongKey, nil)
	for _, tc := range []struct {
		name   string
		pb     *pageblob.Client
		src    string
		opts   *pageblob.UploadPagesFromURLOptions
		status int
		code   bloberror.Code
	}{
		{"a source without a SAS, though in the same account", pb, v.blobURL("src.bak"), nil, 401, "CannotVerifyCopySource"},
		{"a source changed since its ETag was taken", pb, v.blobURL("src.bak") + "?" + v.readSAS(t, "src.bak"),
			&pageblob.UploadPagesFromURLOptions{SourceModifiedAccessConditions: &blob.SourceModifiedAccessConditions{SourceIfMatch: to.Ptr(azcore.ETag(`"0x1"`))}}, 412, bloberror.SourceConditionNotMet},
		{"a destination request with a wrong key", badDst, v.blobURL("src.bak") + "?" + v.readSAS(t, "src.bak"), nil, 403, bloberror.AuthorizationFailure},
		{"a SAS signed for another blob", pb, v.blobURL("src.bak") + "?" + v.readSAS(t, "other.bak"), nil, 403, "CannotVerifyCopySource"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.pb.UploadPagesFromURL(ctx, tc.src, 0, 0, 512, tc.opts)
			var re *azcore.ResponseError
			if err == nil || !bloberror.HasCode(err, tc.code) || !errorsAs(err, &re) || re.StatusCode != tc.status {
				t.Fatalf("got %v, want HTTP %d %s", err, tc.status, tc.code)
			}
		})
	}
	// The source URL is normalised: a/b/../src.bak reads a/src.bak.
	dotted := v.blobURL("a/b/../src.bak") + "?" + v.readSAS(t, "a/src.bak")
	if _, err := pb.UploadPagesFromURL(ctx, dotted, 0, 0, 512, nil); err != nil {
		t.Fatal(err)
	}
	if got := v.read(t, "dst.bak"); !bytes.Equal(got[:512], pattern(512)) {
		t.Error("a dot-segment source URL was not normalised")
	}
	if s := v.p.Stats(); s.PutPageFromURL != 1 {
		t.Errorf("%d Put Page From URL carried out, want only the allowed one", s.PutPageFromURL)
	}
}

func TestCopyBlobIsPendingThenSucceedsOrFails(t *testing.T) {
	ctx := context.Background()
	v := setup(t, azfaithful.Options{PendingPolls: 2})
	v.p.SetFailCopy(func(p string) bool { return p == v.container+"/bad.bak" })
	data := pattern(2048)
	v.upload(t, "src.bak", data)
	src := v.blobURL("src.bak") + "?" + v.readSAS(t, "src.bak")
	for _, tc := range []struct {
		dst  string
		want blob.CopyStatusType
	}{{"good.bak", blob.CopyStatusTypeSuccess}, {"bad.bak", blob.CopyStatusTypeFailed}} {
		bc, _ := blob.NewClientWithSharedKeyCredential(v.blobURL(tc.dst), v.cred, nil)
		resp, err := bc.StartCopyFromURL(ctx, src, nil)
		if err != nil {
			t.Fatal(err)
		}
		if resp.CopyStatus == nil || *resp.CopyStatus != blob.CopyStatusTypePending {
			t.Fatalf("%s: Copy Blob answered %v, want pending", tc.dst, resp.CopyStatus)
		}
		var seen []blob.CopyStatusType
		for range 4 {
			props, err := bc.GetProperties(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			seen = append(seen, *props.CopyStatus)
		}
		want := []blob.CopyStatusType{blob.CopyStatusTypePending, blob.CopyStatusTypePending, tc.want, tc.want}
		for i := range want {
			if seen[i] != want[i] {
				t.Fatalf("%s: copy status over four polls %v, want %v", tc.dst, seen, want)
			}
		}
	}
	if s := v.p.Stats(); s.CopyBlob != 2 {
		t.Errorf("stats %+v", s)
	}
}

func TestTheProxyCountsBlobBytesThroughTheClient(t *testing.T) {
	ctx := context.Background()
	v := setup(t, azfaithful.Options{})
	c, err := azblob.NewClientWithSharedKeyCredential(v.p.Endpoint()+"/", v.cred, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.UploadBuffer(ctx, v.container, "x.bak", pattern(1000), nil); err != nil {
		t.Fatal(err)
	}
	resp, err := c.DownloadStream(ctx, v.container, "x.bak", nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if s := v.p.Stats(); s.ClientBytesUp != 1000 || s.ClientBytesDown != 1000 {
		t.Errorf("stats %+v, want 1000 bytes each way", s)
	}
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }
