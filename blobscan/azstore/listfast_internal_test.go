package azstore

import "testing"

func TestParseListingDecodesOrDeclines(t *testing.T) {
	const head = `<?xml version="1.0" encoding="utf-8"?><EnumerationResults ContainerName="c"><Prefix /><MaxResults>2</MaxResults>`
	tests := []struct {
		name      string
		body      string
		wantOK    bool
		wantNames []string
		wantPre   []string
		wantNext  string
	}{
		{"blob and prefix, escaped names and marker",
			head + `<Blobs><BlobPrefix><Name>a&amp;b/</Name></BlobPrefix><Blob><Name>x&lt;1&gt;.bak</Name><Properties><Last-Modified>Mon, 01 Jan 2024 03:00:00 GMT</Last-Modified><Etag>0x1</Etag><Content-Length>42</Content-Length><Content-MD5>AAAAAAAAAAAAAAAAAAAAAA==</Content-MD5><BlobType>BlockBlob</BlobType><AccessTier>Cool</AccessTier></Properties><Metadata><Etag>not this</Etag></Metadata></Blob></Blobs><NextMarker>m&amp;2</NextMarker></EnumerationResults>`,
			true, []string{"x<1>.bak"}, []string{"a&b/"}, "m&2"},
		{"percent-encoded name, as the service sends names XML cannot hold",
			head + `<Blobs><Blob><Name Encoded="true">bad%01name.bak</Name><Properties><Content-Length>1</Content-Length><BlobType>PageBlob</BlobType></Properties></Blob></Blobs><NextMarker /></EnumerationResults>`,
			true, []string{"bad\x01name.bak"}, nil, ""},
		{"empty listing", head + `<Blobs /><NextMarker /></EnumerationResults>`, true, nil, nil, ""},
		{"CDATA is left to the SDK", head + `<Blobs><Blob><Name><![CDATA[x]]></Name></Blob></Blobs></EnumerationResults>`, false, nil, nil, ""},
		{"unknown element is left to the SDK", head + `<Blobs><Other /></Blobs></EnumerationResults>`, false, nil, nil, ""},
		{"bad length is left to the SDK", head + `<Blobs><Blob><Name>x</Name><Properties><Content-Length>x</Content-Length></Properties></Blob></Blobs></EnumerationResults>`, false, nil, nil, ""},
		{"not a listing", `<Error><Code>x</Code></Error>`, false, nil, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			objs, pre, next, ok := parseListing([]byte(tc.body))
			if ok != tc.wantOK {
				t.Fatalf("ok = %v, want %v", ok, tc.wantOK)
			}
			if !ok {
				return
			}
			if len(objs) != len(tc.wantNames) || len(pre) != len(tc.wantPre) || next != tc.wantNext {
				t.Fatalf("got %+v %q %q", objs, pre, next)
			}
			for i, o := range objs {
				if o.Path != tc.wantNames[i] {
					t.Fatalf("name %q, want %q", o.Path, tc.wantNames[i])
				}
			}
			for i, p := range pre {
				if p != tc.wantPre[i] {
					t.Fatalf("prefix %q, want %q", p, tc.wantPre[i])
				}
			}
		})
	}
	objs, _, _, _ := parseListing([]byte(tests[0].body))
	o := objs[0]
	if o.Size != 42 || o.ETag != `"0x1"` || o.Tier != "Cool" || o.BlobType != "BlockBlob" || len(o.ContentMD5) != 16 || o.LastModified.Hour() != 3 {
		t.Fatalf("properties: %+v (the Metadata Etag must not win)", o)
	}
}
