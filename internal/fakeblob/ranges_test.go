package fakeblob_test

import (
	"context"
	"slices"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"

	"github.com/baklint/baklint/internal/fakeblob"
)

// flatNames lists with the SDK's flat pager and the given options, checking
// each item's properties, and says whether any page came back in Arrow.
func flatNames(t *testing.T, c *container.Client, ns fakeblob.Namespace, o container.ListBlobsFlatOptions) []string {
	t.Helper()
	var got []string
	pager := c.NewListBlobsFlatPager(&o)
	for pager.More() {
		p, err := pager.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range p.Segment.BlobItems {
			pr := it.Properties
			if pr == nil || pr.ContentLength == nil || *pr.ContentLength != ns.Size || pr.BlobType == nil || *pr.BlobType != container.BlobTypeBlockBlob ||
				pr.AccessTier == nil || *pr.AccessTier != "Hot" || pr.ETag == nil || pr.LastModified == nil {
				t.Fatalf("%s: properties %+v", *it.Name, pr)
			}
			got = append(got, *it.Name)
		}
	}
	return got
}

func TestSDKPagersReadRangeListingsInXMLAndArrow(t *testing.T) {
	ns := fakeblob.Namespace{Prefix: "SRV/", Folders: 2, PerFolder: 40, Size: 2048}
	all := allNames(ns)
	from, before := all[17], all[55] // folder 0 into folder 1
	page := int32(7)
	tests := []struct {
		name       string
		opts       fakeblob.Options
		format     container.StorageResponseFormat
		startFrom  string
		endBefore  string
		want       []string
		wantArrow  bool
		wantRanged bool
	}{
		{"XML from a name to the end", fakeblob.Options{}, container.StorageResponseFormatXML, from, "", all[17:], false, true},
		{"XML ignores endBefore, as only Arrow honours it", fakeblob.Options{Arrow: true}, container.StorageResponseFormatXML, from, before, all[17:], false, true},
		{"Arrow asked of an XML-only account comes back XML", fakeblob.Options{}, container.StorageResponseFormatArrow, from, before, all[17:], false, true},
		{"Arrow from a name to before a name", fakeblob.Options{Arrow: true}, container.StorageResponseFormatArrow, from, before, all[17:55], true, true},
		{"Arrow with a start between names", fakeblob.Options{Arrow: true}, container.StorageResponseFormatArrow, from + "a", before, all[18:55], true, true},
		{"Arrow without a range lists everything", fakeblob.Options{Arrow: true}, container.StorageResponseFormatArrow, "", "", all, true, false},
		{"a service without range listing ignores both", fakeblob.Options{Arrow: true, IgnoreStartFrom: true}, container.StorageResponseFormatArrow, from, before, all, true, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := fakeblob.Start(ns, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			c := sdkContainer(t, s)
			o := container.ListBlobsFlatOptions{MaxResults: &page, ResponseFormat: tc.format}
			if tc.startFrom != "" {
				o.StartFrom = &tc.startFrom
			}
			if tc.endBefore != "" {
				o.EndBefore = &tc.endBefore
			}
			got := flatNames(t, c, ns, o)
			if !slices.Equal(got, tc.want) {
				t.Fatalf("listed %d names %q..., want %d from %q", len(got), got[:min(3, len(got))], len(tc.want), tc.want[0])
			}
			st := s.Stats()
			if (st.ArrowLists > 0) != tc.wantArrow || (st.RangeLists > 0) != tc.wantRanged {
				t.Fatalf("stats %+v: want Arrow %v, ranged %v", st, tc.wantArrow, tc.wantRanged)
			}
			// Every page but the last is full: markers resume where the last left off.
			if want := int64((len(tc.want) + int(page) - 1) / int(page)); st.ListRequests != want {
				t.Fatalf("%d requests for %d names in pages of %d, want %d", st.ListRequests, len(tc.want), page, want)
			}
		})
	}
}

func TestSDKHierarchyPagerReadsArrowPrefixesAndBlobs(t *testing.T) {
	ns := fakeblob.Namespace{Prefix: "SRV01$SQL/", Folders: 3, Sub: []string{"FULL", "LOG"}, PerFolder: 3, Size: 1024}
	s, err := fakeblob.Start(ns, fakeblob.Options{Arrow: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c := sdkContainer(t, s)
	list := func(prefix, startFrom string) (prefixes, blobs []string) {
		size := int32(2)
		o := &container.ListBlobsHierarchyOptions{Prefix: &prefix, MaxResults: &size, ResponseFormat: container.StorageResponseFormatArrow}
		if startFrom != "" {
			o.StartFrom = &startFrom
		}
		return listHierarchy(t, c, o)
	}
	prefixes, blobs := list("SRV01$SQL/", "SRV01$SQL/db0001/")
	if want := []string{"SRV01$SQL/db0001/", "SRV01$SQL/db0002/"}; !slices.Equal(prefixes, want) || len(blobs) != 0 {
		t.Fatalf("prefixes %q blobs %q, want %q", prefixes, blobs, want)
	}
	prefixes, blobs = list("SRV01$SQL/db0002/LOG/", "")
	if want := []string{ns.Name(15), ns.Name(16), ns.Name(17)}; !slices.Equal(blobs, want) || len(prefixes) != 0 {
		t.Fatalf("blobs %q prefixes %q, want %q", blobs, prefixes, want)
	}
	if st := s.Stats(); st.ArrowLists != st.ListRequests {
		t.Fatalf("%d of %d listings in Arrow", st.ArrowLists, st.ListRequests)
	}
}
