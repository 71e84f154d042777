package fakeblob_test

import (
	"context"
	"errors"
	"sort"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"

	"github.com/baklint/baklint/bakhdr"
	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/blobscan/azstore"
	"github.com/baklint/baklint/blobscan/blobscantest"
	"github.com/baklint/baklint/errclass"
	"github.com/baklint/baklint/internal/fakeblob"
)

// The well-known development key: the server does not check signatures,
// but the SDK must be able to sign as it would for Azurite.
const devKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

func start(t *testing.T, ns fakeblob.Namespace, m fakeblob.Model) *fakeblob.Server {
	t.Helper()
	s, err := fakeblob.Start(ns, fakeblob.Options{Model: m})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func sdkContainer(t *testing.T, s *fakeblob.Server) *container.Client {
	t.Helper()
	cred, err := azblob.NewSharedKeyCredential("devstoreaccount1", devKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := container.NewClientWithSharedKeyCredential(s.ContainerURL(), cred, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func allNames(ns fakeblob.Namespace) []string {
	out := make([]string, ns.Len())
	for i := range out {
		out[i] = ns.Name(i)
	}
	return out
}

var shapes = []struct {
	name string
	ns   fakeblob.Namespace
}{
	{"flat folders", fakeblob.Namespace{Folders: 7, PerFolder: 13, Size: 1024}},
	{"one big folder", fakeblob.Namespace{Folders: 1, PerFolder: 120, Size: 1024}},
	{"ola tree under a server folder", fakeblob.Namespace{Prefix: "SRV01$SQL/", Folders: 5, Sub: []string{"DIFF", "FULL", "LOG"}, PerFolder: 4, Size: 1024}},
}

func TestNamesSortInIndexOrderAndLookUpBack(t *testing.T) {
	for _, sh := range shapes {
		t.Run(sh.name, func(t *testing.T) {
			names := allNames(sh.ns)
			if !sort.StringsAreSorted(names) {
				t.Fatalf("names are not in index order: %q", names)
			}
			for i, n := range names {
				if j, ok := sh.ns.Lookup(n); !ok || j != i {
					t.Fatalf("Lookup(%q) = %d, %v; want %d", n, j, ok, i)
				}
			}
			if _, ok := sh.ns.Lookup(names[0] + "x"); ok {
				t.Fatal("Lookup found a name that is not in the namespace")
			}
		})
	}
}

func TestUnsortedSubfoldersAreRefused(t *testing.T) {
	_, err := fakeblob.Start(fakeblob.Namespace{Folders: 1, PerFolder: 1, Sub: []string{"LOG", "FULL"}}, fakeblob.Options{})
	if err == nil {
		t.Fatal("Start accepted subfolders out of order")
	}
}

func TestSDKFlatPagerListsEveryNameInOrderAcrossPages(t *testing.T) {
	for _, sh := range shapes {
		t.Run(sh.name, func(t *testing.T) {
			s := start(t, sh.ns, fakeblob.Model{})
			c := sdkContainer(t, s)
			page := int32(10)
			pager := c.NewListBlobsFlatPager(&container.ListBlobsFlatOptions{MaxResults: &page, Include: container.ListBlobsInclude{Metadata: true, Tags: true}})
			var got []string
			pages := 0
			for pager.More() {
				p, err := pager.NextPage(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				pages++
				for _, it := range p.Segment.BlobItems {
					if *it.Properties.ContentLength != sh.ns.Size || *it.Properties.BlobType != container.BlobTypeBlockBlob {
						t.Fatalf("%s: size %d type %s", *it.Name, *it.Properties.ContentLength, *it.Properties.BlobType)
					}
					got = append(got, *it.Name)
				}
			}
			want := allNames(sh.ns)
			if len(got) != len(want) {
				t.Fatalf("listed %d names, want %d", len(got), len(want))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("name %d = %q, want %q", i, got[i], want[i])
				}
			}
			if wantPages := (len(want) + 9) / 10; pages != wantPages {
				t.Fatalf("%d pages, want %d", pages, wantPages)
			}
		})
	}
}

func TestSDKHierarchyPagerFoldsFoldersIntoPrefixes(t *testing.T) {
	ns := shapes[2].ns
	s := start(t, ns, fakeblob.Model{})
	c := sdkContainer(t, s)
	list := func(prefix string, pageSize int32) (prefixes, blobs []string) {
		opts := &container.ListBlobsHierarchyOptions{MaxResults: &pageSize}
		if prefix != "" {
			opts.Prefix = &prefix
		}
		return listHierarchy(t, c, opts)
	}
	tests := []struct {
		prefix               string
		wantPrefixes         []string
		wantBlobs, wantFirst int
	}{
		{"", []string{"SRV01$SQL/"}, 0, 0},
		{"SRV01$SQL/", []string{"SRV01$SQL/db0000/", "SRV01$SQL/db0001/", "SRV01$SQL/db0002/", "SRV01$SQL/db0003/", "SRV01$SQL/db0004/"}, 0, 0},
		{"SRV01$SQL/db0003/", []string{"SRV01$SQL/db0003/DIFF/", "SRV01$SQL/db0003/FULL/", "SRV01$SQL/db0003/LOG/"}, 0, 0},
		{"SRV01$SQL/db0003/LOG/", nil, 4, 3*12 + 8},
		{"SRV01$SQL/db9", nil, 0, 0},
	}
	for _, tc := range tests {
		for _, size := range []int32{2, 5000} {
			prefixes, blobs := list(tc.prefix, size)
			if len(prefixes) != len(tc.wantPrefixes) {
				t.Fatalf("prefix %q page %d: prefixes %q, want %q", tc.prefix, size, prefixes, tc.wantPrefixes)
			}
			for i := range prefixes {
				if prefixes[i] != tc.wantPrefixes[i] {
					t.Fatalf("prefix %q page %d: prefixes %q, want %q", tc.prefix, size, prefixes, tc.wantPrefixes)
				}
			}
			if len(blobs) != tc.wantBlobs {
				t.Fatalf("prefix %q page %d: %d blobs, want %d", tc.prefix, size, len(blobs), tc.wantBlobs)
			}
			if tc.wantBlobs > 0 && blobs[0] != ns.Name(tc.wantFirst) {
				t.Fatalf("prefix %q: first blob %q, want %q", tc.prefix, blobs[0], ns.Name(tc.wantFirst))
			}
		}
	}
}

func TestRealListerAndScanReadHeadersThroughTheFake(t *testing.T) {
	ns := fakeblob.Namespace{Prefix: "SRV01$SQL/", Folders: 3, Sub: []string{"FULL", "LOG"}, PerFolder: 5, Size: 1 << 20}
	s := start(t, ns, fakeblob.Model{})
	c, err := azstore.NewContainer("devstoreaccount1", s.Endpoint(), "bench", azstore.Auth{SAS: "sv=2024-01-01&sp=rl&sig=fake"}, azstore.Options{Concurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	got := blobscantest.ScanHeaders(t, c, 4)
	if len(got) != ns.Len() {
		t.Fatalf("scanned %d blobs, want %d", len(got), ns.Len())
	}
	for i, sc := range got {
		b := ns.At(i)
		if sc.Path != ns.Name(i) || sc.Header == nil {
			t.Fatalf("blob %d: path %q header %v err %v", i, sc.Path, sc.Header, sc.HeaderErr)
		}
		if sc.Header.DatabaseName != ns.Database(b.Folder) || sc.Header.BackupType != fakeblob.BackupType(b.Sub) {
			t.Fatalf("%s: header says %s/%s", sc.Path, sc.Header.DatabaseName, sc.Header.BackupType)
		}
	}
	st := s.Stats()
	// A 1 MiB file is read as its first and last 256 KiB: two ranges.
	if st.GetRequests != int64(2*ns.Len()) || st.GetBytes != int64(ns.Len())*(bakhdr.DefaultHeadBytes+bakhdr.DefaultTailBytes) {
		t.Fatalf("header reads: %d requests, %d bytes for %d files", st.GetRequests, st.GetBytes, ns.Len())
	}
	o, err := c.Properties(context.Background(), ns.Name(7))
	if err != nil || o.Size != ns.Size || o.BlobType != blobscan.BlockBlob || o.ETag != got[7].ETag {
		t.Fatalf("Properties = %+v, %v; listing had ETag %s", o, err, got[7].ETag)
	}
	if _, err := c.Properties(context.Background(), "nope.bak"); !errors.Is(err, errclass.NotFound) {
		t.Fatalf("Properties of a missing blob: %v, want ErrNotFound", err)
	}
	if b, err := c.ReadRange(context.Background(), ns.Name(0), ns.Size, 10); err != nil || len(b) != 0 {
		t.Fatalf("read past the end: %d bytes, %v", len(b), err)
	}
}

func TestListingTakesAtLeastTheModelledServiceTime(t *testing.T) {
	ns := fakeblob.Namespace{Folders: 1, PerFolder: 50, Size: 1}
	s := start(t, ns, fakeblob.Model{PerRequest: 30 * time.Millisecond, PerItem: time.Millisecond})
	c := sdkContainer(t, s)
	t0 := time.Now()
	_, err := c.NewListBlobsFlatPager(nil).NextPage(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// A lower bound only: the model must not be skipped; how much slower a
	// loaded machine is says nothing.
	if d := time.Since(t0); d < 80*time.Millisecond {
		t.Fatalf("a 50-item page came back after %v, before the modelled 80ms", d)
	}
	if st := s.Stats(); st.ListRequests != 1 || st.ListItems != 50 {
		t.Fatalf("stats %+v", st)
	}
}

func TestMissingContainerIsAnSDKNotFound(t *testing.T) {
	s := start(t, shapes[0].ns, fakeblob.Model{})
	c, err := container.NewClientWithNoCredential(s.Endpoint()+"/other", nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.NewListBlobsFlatPager(nil).NextPage(context.Background())
	var re *azcore.ResponseError
	if !errors.As(err, &re) || re.StatusCode != 404 || re.ErrorCode != "ContainerNotFound" {
		t.Fatalf("listing a missing container: %v", err)
	}
}

// listHierarchy lists every page of a hierarchical listing: the prefixes
// and the blob names, in the order the pages gave them.
func listHierarchy(t *testing.T, c *container.Client, opts *container.ListBlobsHierarchyOptions) (prefixes, blobs []string) {
	t.Helper()
	pager := c.NewListBlobsHierarchyPager("/", opts)
	for pager.More() {
		p, err := pager.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, bp := range p.Segment.BlobPrefixes {
			prefixes = append(prefixes, *bp.Name)
		}
		for _, b := range p.Segment.BlobItems {
			blobs = append(blobs, *b.Name)
		}
	}
	return prefixes, blobs
}
