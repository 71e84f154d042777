package azstore_test

import (
	"crypto/md5"
	"fmt"
	"reflect"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/blob"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/blobscan/azstore"
)

// TestFastListingMatchesTheSDKDecoderOnAzurite lists awkward names, page
// and block blobs, tiers, MD5s and metadata that mimics property names,
// over small pages, and compares every field with what the SDK decodes.
func TestFastListingMatchesTheSDKDecoderOnAzurite(t *testing.T) {
	e, c, _ := newContainer(t, azstore.Options{Concurrency: 4, PageSize: 7})
	ctx := testCtx(t)
	client := e.Client(t)
	names := []string{"a&b/c<d>.bak", "Données/Société_FULL.bak", "x/y z/'q\".trn", "deep/a/b/c/d.bak", "root.bak", "sp ace.log"}
	for i := range 40 {
		names = append(names, fmt.Sprintf("many/f%02d.trn", i))
	}
	for i, n := range names {
		data := []byte(n)
		sum := md5.Sum(data)
		opts := &azblob.UploadBufferOptions{Metadata: map[string]*string{"Etag": ptr("decoy"), "Properties": ptr("decoy")}, HTTPHeaders: &blob.HTTPHeaders{BlobContentMD5: sum[:]}}
		if i%3 == 0 {
			opts.AccessTier = ptr(blob.AccessTierCool)
		}
		if _, err := client.UploadBuffer(ctx, c.Name, n, data, opts); err != nil {
			t.Fatal(err)
		}
	}
	pb := client.ServiceClient().NewContainerClient(c.Name).NewPageBlobClient("pages/p.bak")
	if _, err := pb.Create(ctx, 1024, nil); err != nil {
		t.Fatal(err)
	}

	fast := listAll(t, c, "")
	sdk := map[string]blobscan.Object{}
	if err := c.ListFlat(ctx, "", func(o blobscan.Object) error { sdk[o.Path] = o; return nil }); err != nil {
		t.Fatal(err)
	}
	if len(fast) != len(names)+1 || len(sdk) != len(fast) {
		t.Fatalf("fast listing found %d, SDK %d, want %d", len(fast), len(sdk), len(names)+1)
	}
	for p, want := range sdk {
		got := fast[p]
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n fast %+v\n sdk  %+v", p, got, want)
		}
	}
	if fast["pages/p.bak"].BlobType != blobscan.PageBlob || fast["a&b/c<d>.bak"].Tier != "Cool" || len(fast["root.bak"].ContentMD5) != 16 {
		t.Fatalf("properties lost: %+v %+v", fast["pages/p.bak"], fast["root.bak"])
	}
}

func ptr[T any](v T) *T { return &v }
