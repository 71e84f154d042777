package azfaithful

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/streaming"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/blob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/pageblob"
	"github.com/baklint/baklint/internal/blobwire"
)

const maxPageRange = 4 << 20

// putPageFromURL carries out Put Page From URL: the destination request is
// authorized, the source range read with the copy source's own
// credentials, and the pages written with a plain Put Page.
func (p *Proxy) putPageFromURL(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if d := p.opts.PageLatency; d > 0 {
		select {
		case <-time.After(d):
		case <-ctx.Done():
			return
		}
	}
	src, err := url.Parse(r.Header.Get("x-ms-copy-source"))
	if err != nil || src.Host == "" {
		blobwire.WriteError(w, http.StatusBadRequest, "InvalidHeaderValue", "The value for one of the HTTP headers is not in the correct format: x-ms-copy-source.")
		return
	}
	bearer := strings.HasPrefix(r.Header.Get("x-ms-copy-source-authorization"), "Bearer ")
	if src.Query().Get("sig") == "" && !bearer {
		// The destination's Shared Key does not authorize the source read,
		// even in the same account (see the package doc).
		blobwire.WriteError(w, http.StatusUnauthorized, "CannotVerifyCopySource", "Server failed to authenticate the request. The copy source must carry a SAS or x-ms-copy-source-authorization.")
		return
	}
	srcOff, n, err1 := parseRange(r.Header.Get("x-ms-source-range"))
	dr := r.Header.Get("x-ms-range")
	if dr == "" {
		dr = r.Header.Get("Range")
	}
	dstOff, dn, err2 := parseRange(dr)
	if err1 != nil || err2 != nil || n != dn || n > maxPageRange || dstOff%512 != 0 || n%512 != 0 {
		blobwire.WriteError(w, http.StatusRequestedRangeNotSatisfiable, "InvalidPageRange", "The page range specified is invalid.")
		return
	}
	dstSAS := r.URL.Query().Get("sig") != ""
	if !dstSAS && !p.authorized(w, r) {
		return
	}

	// Read the source range, from its normalised URL: Azure removes dot
	// segments (RFC 3986 §5.2.4), as resolving against no reference does,
	// on the escaped path, so %2E%2E and %2F stay as they are.
	srcURL := p.upstream.String() + src.ResolveReference(&url.URL{}).EscapedPath()
	var bc *blob.Client
	if bearer {
		bc, err = blob.NewClientWithSharedKeyCredential(srcURL, p.cred, nil)
	} else {
		bc, err = blob.NewClientWithNoCredential(srcURL+"?"+src.RawQuery, nil)
	}
	if err != nil {
		blobwire.WriteError(w, http.StatusBadRequest, "InvalidHeaderValue", "x-ms-copy-source: "+err.Error())
		return
	}
	dl := &blob.DownloadStreamOptions{Range: blob.HTTPRange{Offset: srcOff, Count: n}}
	if m := r.Header.Get("x-ms-source-if-match"); m != "" {
		dl.AccessConditions = &blob.AccessConditions{ModifiedAccessConditions: &blob.ModifiedAccessConditions{IfMatch: to.Ptr(azcore.ETag(m))}}
	}
	resp, err := bc.DownloadStream(ctx, dl)
	if err != nil {
		sourceError(w, err)
		return
	}
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || int64(len(data)) != n {
		blobwire.WriteError(w, http.StatusRequestedRangeNotSatisfiable, "InvalidSourceRange", "The source range is not within the source blob.")
		return
	}

	// Write the pages.
	dstURL := p.upstream.String() + r.URL.EscapedPath()
	var pb *pageblob.Client
	if dstSAS {
		q := r.URL.Query()
		q.Del("comp")
		pb, err = pageblob.NewClientWithNoCredential(dstURL+"?"+q.Encode(), nil)
	} else {
		pb, err = pageblob.NewClientWithSharedKeyCredential(dstURL, p.cred, nil)
	}
	if err != nil {
		blobwire.WriteError(w, http.StatusBadRequest, "InvalidUri", err.Error())
		return
	}
	out, err := pb.UploadPages(ctx, streaming.NopCloser(bytes.NewReader(data)), blob.HTTPRange{Offset: dstOff, Count: n},
		&pageblob.UploadPagesOptions{AccessConditions: destConditions(r.Header)})
	if err != nil {
		upstreamError(w, err)
		return
	}
	p.ppfu.Add(1)
	p.pages.Add(n / 512)
	if out.ETag != nil {
		w.Header().Set("ETag", string(*out.ETag))
	}
	if out.LastModified != nil {
		w.Header().Set("Last-Modified", out.LastModified.UTC().Format(http.TimeFormat))
	}
	if out.BlobSequenceNumber != nil {
		w.Header().Set("x-ms-blob-sequence-number", i64(*out.BlobSequenceNumber))
	}
	w.Header().Set("x-ms-request-server-encrypted", "true")
	w.WriteHeader(http.StatusCreated)
}

// authorized checks a Shared Key destination request by sending it
// unchanged to Azurite, which authenticates it and then, lacking the
// operation, answers 501. Any other answer is passed back.
func (p *Proxy) authorized(w http.ResponseWriter, r *http.Request) bool {
	u := *r.URL
	u.Scheme, u.Host = p.upstream.Scheme, p.upstream.Host
	out, err := http.NewRequestWithContext(r.Context(), http.MethodPut, u.String(), http.NoBody)
	if err != nil {
		blobwire.WriteError(w, http.StatusBadRequest, "InvalidUri", err.Error())
		return false
	}
	out.Header = r.Header.Clone()
	resp, err := p.hc.Do(out)
	if err != nil {
		blobwire.WriteError(w, http.StatusBadGateway, "ServerBusy", "azfaithful: Azurite unreachable: "+err.Error())
		return false
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotImplemented {
		_, _ = io.Copy(io.Discard, resp.Body)
		return true
	}
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = io.Copy(w, resp.Body)
	return false
}

func destConditions(h http.Header) *blob.AccessConditions {
	ac := &blob.AccessConditions{ModifiedAccessConditions: &blob.ModifiedAccessConditions{}}
	if v := h.Get("If-Match"); v != "" {
		ac.ModifiedAccessConditions.IfMatch = to.Ptr(azcore.ETag(v))
	}
	if v := h.Get("If-None-Match"); v != "" {
		ac.ModifiedAccessConditions.IfNoneMatch = to.Ptr(azcore.ETag(v))
	}
	if v := h.Get("x-ms-lease-id"); v != "" {
		ac.LeaseAccessConditions = &blob.LeaseAccessConditions{LeaseID: &v}
	}
	return ac
}

// sourceError answers a failed source read as Azure does: a source
// condition that failed is 412 SourceConditionNotMet, anything else keeps
// its status with the code CannotVerifyCopySource.
func sourceError(w http.ResponseWriter, err error) {
	var re *azcore.ResponseError
	if !errors.As(err, &re) {
		blobwire.WriteError(w, http.StatusInternalServerError, "InternalError", "azfaithful: read the copy source: "+err.Error())
		return
	}
	if re.StatusCode == http.StatusPreconditionFailed {
		blobwire.WriteError(w, http.StatusPreconditionFailed, "SourceConditionNotMet", "The source condition specified using HTTP conditional header(s) is not met.")
		return
	}
	blobwire.WriteError(w, re.StatusCode, "CannotVerifyCopySource", http.StatusText(re.StatusCode)+" ("+re.ErrorCode+") reading the copy source.")
}

func upstreamError(w http.ResponseWriter, err error) {
	var re *azcore.ResponseError
	if !errors.As(err, &re) {
		blobwire.WriteError(w, http.StatusInternalServerError, "InternalError", "azfaithful: "+err.Error())
		return
	}
	blobwire.WriteError(w, re.StatusCode, re.ErrorCode, http.StatusText(re.StatusCode))
}

func i64(v int64) string { return strconv.FormatInt(v, 10) }
