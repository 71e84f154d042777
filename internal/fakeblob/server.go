package fakeblob

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/baklint/baklint/internal/blobwire"
)

// Model is the service time of one request: PerRequest, plus PerItem for
// each entry a listing returns. Azure takes about 20 ms + 100 µs per item
// (a 5,000-blob page in half a second).
type Model struct {
	PerRequest time.Duration
	PerItem    time.Duration
}

// AzureModel is the listing model of the performance targets.
var AzureModel = Model{PerRequest: 20 * time.Millisecond, PerItem: 100 * time.Microsecond}

// ItemsHeader carries the number of entries (blobs and prefixes) a listing
// response holds: what its modelled service time depends on.
const ItemsHeader = "x-fakeblob-items"

// Service is the modelled service time of a listing returning items entries.
func (m Model) Service(items int) time.Duration { return m.PerRequest + time.Duration(items)*m.PerItem }

// Options configure a Server.
type Options struct {
	Account   string // default devstoreaccount1
	Container string // default "bench"
	Model     Model
	// Arrow: the account answers a listing in Apache Arrow when the
	// request accepts it (the preview Azure enables per storage account);
	// otherwise every listing is XML, whatever the Accept header says.
	Arrow bool
	// IgnoreStartFrom plays a service that does not know range listing
	// (Azurite, API versions before 2026-02-06): startFrom and endBefore
	// are ignored, as unknown query parameters are.
	IgnoreStartFrom bool
}

// Stats counts what the server answered.
type Stats struct {
	ListRequests, ListItems int64
	// ArrowLists counts listings answered in Arrow, RangeLists those that
	// carried startFrom.
	ArrowLists, RangeLists int64
	GetRequests, GetBytes  int64
	HeadRequests           int64
}

// Server is a running fake endpoint on 127.0.0.1.
type Server struct {
	ns       Namespace
	opts     Options
	content  contents
	srv      *http.Server
	ln       net.Listener
	endpoint string

	listReqs, listItems, getReqs, getBytes, headReqs atomic.Int64
	arrowLists, rangeLists                           atomic.Int64
}

// lastModified is the fixed modification time of every blob.
var lastModified = time.Date(2024, 1, 1, 3, 0, 0, 0, time.UTC)

// Start serves ns on a free loopback port until Close.
func Start(ns Namespace, opts Options) (*Server, error) {
	if err := ns.Validate(); err != nil {
		return nil, err
	}
	if opts.Account == "" {
		opts.Account = "devstoreaccount1"
	}
	if opts.Container == "" {
		opts.Container = "bench"
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("fakeblob: listen on loopback: %w", err)
	}
	s := &Server{ns: ns, opts: opts, content: contents{ns: ns}, ln: ln}
	s.endpoint = fmt.Sprintf("http://%s/%s", ln.Addr(), opts.Account)
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 30 * time.Second}
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

// Close stops the server.
func (s *Server) Close() error { return s.srv.Close() }

// Endpoint is the path-style account URL, http://127.0.0.1:PORT/ACCOUNT.
func (s *Server) Endpoint() string { return s.endpoint }

// ContainerURL is the path-style URL of the container.
func (s *Server) ContainerURL() string { return s.endpoint + "/" + s.opts.Container }

// Namespace is what the server serves.
func (s *Server) Namespace() Namespace { return s.ns }

// Stats returns the counters so far.
func (s *Server) Stats() Stats {
	return Stats{
		ListRequests: s.listReqs.Load(), ListItems: s.listItems.Load(),
		GetRequests: s.getReqs.Load(), GetBytes: s.getBytes.Load(), HeadRequests: s.headReqs.Load(),
		ArrowLists: s.arrowLists.Load(), RangeLists: s.rangeLists.Load(),
	}
}

// ResetStats zeroes the counters.
func (s *Server) ResetStats() {
	for _, c := range []*atomic.Int64{&s.listReqs, &s.listItems, &s.getReqs, &s.getBytes, &s.headReqs, &s.arrowLists, &s.rangeLists} {
		c.Store(0)
	}
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	base := "/" + s.opts.Account + "/" + s.opts.Container
	p := r.URL.Path
	if p != base && !strings.HasPrefix(p, base+"/") {
		s.fail(w, r, start, 0, http.StatusNotFound, "ContainerNotFound", "The specified container does not exist.")
		return
	}
	name := strings.TrimPrefix(strings.TrimPrefix(p, base), "/")
	q := r.URL.Query()
	switch {
	case name == "" && q.Get("comp") == "list" && r.Method == http.MethodGet:
		s.list(w, r, start)
	case name == "" && r.Method == http.MethodGet || name == "" && r.Method == http.MethodHead:
		s.headers(w, r)
		s.wait(r.Context(), start, 0)
		w.WriteHeader(http.StatusOK)
	case name != "" && (r.Method == http.MethodGet || r.Method == http.MethodHead):
		s.blob(w, r, start, name)
	default:
		s.fail(w, r, start, 0, http.StatusNotImplemented, "NotImplemented", "fakeblob serves reads only.")
	}
}

// wait sleeps until the modelled service time of a request has passed.
func (s *Server) wait(ctx context.Context, start time.Time, items int) {
	d := s.opts.Model.Service(items) - time.Since(start)
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

func (s *Server) headers(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("x-ms-version", r.Header.Get("x-ms-version"))
	h.Set("x-ms-request-id", "00000000-0000-0000-0000-000000000000")
	h.Set("Date", time.Now().UTC().Format(http.TimeFormat))
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, start time.Time, items, status int, code, msg string) {
	s.headers(w, r)
	s.wait(r.Context(), start, items)
	if r.Method == http.MethodHead {
		blobwire.ErrorHeader(w, status, code)
		return
	}
	blobwire.WriteError(w, status, code, msg)
}

// list answers List Blobs. Range listing follows the REST documentation
// of startFrom and endBefore (API version 2026-02-06 and later; see
// https://learn.microsoft.com/en-us/dotnet/api/azure.storage.blobs.models.getblobsbyhierarchyoptions.startfrom
// and .getblobsoptions.endbefore): startFrom is a full blob name within the
// container where the listing starts, inclusive; endBefore a full name where
// it stops, exclusive, honoured only when the response is Arrow. With a
// marker the listing resumes where the marker says, never before startFrom.
// What the real service answers for endBefore in an XML response is not
// documented: the fake ignores it there, the harder case for a client.
func (s *Server) list(w http.ResponseWriter, r *http.Request, start time.Time) {
	q := r.URL.Query()
	prefix, delim, marker := q.Get("prefix"), q.Get("delimiter"), q.Get("marker")
	max := 5000
	if v := q.Get("maxresults"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			s.fail(w, r, start, 0, http.StatusBadRequest, "InvalidQueryParameterValue", "maxresults must be a positive integer.")
			return
		}
		max = min(n, 5000)
	}
	from := 0
	if marker != "" {
		n, err := strconv.Atoi(marker)
		if err != nil || n < 0 {
			s.fail(w, r, start, 0, http.StatusBadRequest, "InvalidQueryParameterValue", "The marker is not one this server gave.")
			return
		}
		from = n
	}
	arrow := s.opts.Arrow && strings.Contains(r.Header.Get("Accept"), ArrowContentType)
	end := -1
	if !s.opts.IgnoreStartFrom {
		if sf := q.Get("startFrom"); sf != "" {
			s.rangeLists.Add(1)
			from = max2(from, s.ns.lowerBound(sf))
		}
		if eb := q.Get("endBefore"); eb != "" && arrow {
			end = s.ns.lowerBound(eb)
		}
	}
	entries, next := s.ns.list(prefix, delim, from, end, max)
	s.listReqs.Add(1)
	s.listItems.Add(int64(len(entries)))

	var b bytes.Buffer
	if arrow {
		s.arrowLists.Add(1)
		if err := s.arrowListing(&b, entries, next); err != nil {
			s.fail(w, r, start, 0, http.StatusInternalServerError, "InternalError", err.Error())
			return
		}
	} else {
		s.xmlListing(&b, prefix, delim, marker, max, entries, next)
	}
	s.headers(w, r)
	if arrow {
		w.Header().Set("Content-Type", ArrowContentType)
	} else {
		w.Header().Set("Content-Type", "application/xml")
	}
	w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
	// Lets a client-side counter total the modelled service time.
	w.Header().Set(ItemsHeader, strconv.Itoa(len(entries)))
	s.wait(r.Context(), start, len(entries))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b.Bytes())
}

func max2(a, b int) int {
	if a > b {
		return a
	}
	return b
}

func (s *Server) xmlListing(b *bytes.Buffer, prefix, delim, marker string, max int, entries []entry, next int) {
	b.Grow(200 + 900*len(entries))
	fmt.Fprintf(b, `<?xml version="1.0" encoding="utf-8"?><EnumerationResults ServiceEndpoint="%s/" ContainerName="%s">`, s.endpoint, s.opts.Container)
	writeElem(b, "Prefix", prefix)
	writeElem(b, "Marker", marker)
	fmt.Fprintf(b, "<MaxResults>%d</MaxResults>", max)
	if delim != "" {
		writeElem(b, "Delimiter", delim)
	}
	b.WriteString("<Blobs>")
	modified := lastModified.Format(http.TimeFormat)
	var num [20]byte
	for _, e := range entries {
		if e.Index < 0 {
			b.WriteString("<BlobPrefix>")
			writeElem(b, "Name", e.Prefix)
			b.WriteString("</BlobPrefix>")
			continue
		}
		b.WriteString("<Blob>")
		writeElem(b, "Name", s.ns.Name(e.Index))
		// Every property Azure returns for a block blob, so the SDK's
		// decoding costs what it costs against the real service. Built
		// without fmt: this server shares the cores with the client it
		// measures.
		b.WriteString("<Properties><Creation-Time>")
		b.WriteString(modified)
		b.WriteString("</Creation-Time><Last-Modified>")
		b.WriteString(modified)
		b.WriteString("</Last-Modified><Etag>")
		b.WriteString(etag(e.Index))
		b.WriteString("</Etag><Content-Length>")
		b.Write(strconv.AppendInt(num[:0], s.ns.Size, 10))
		b.WriteString("</Content-Length><Content-Type>application/octet-stream</Content-Type><Content-Encoding /><Content-Language /><Content-CRC64 />" +
			"<Content-MD5 /><Cache-Control /><Content-Disposition /><BlobType>BlockBlob</BlobType><AccessTier>Hot</AccessTier><AccessTierInferred>true</AccessTierInferred>" +
			"<LeaseStatus>unlocked</LeaseStatus><LeaseState>available</LeaseState><ServerEncrypted>true</ServerEncrypted></Properties><OrMetadata /></Blob>")
	}
	b.WriteString("</Blobs>")
	if next >= 0 {
		fmt.Fprintf(b, "<NextMarker>%d</NextMarker>", next)
	} else {
		b.WriteString("<NextMarker />")
	}
	b.WriteString("</EnumerationResults>")
}

func writeElem(b *bytes.Buffer, tag, val string) {
	b.WriteByte('<')
	b.WriteString(tag)
	if val == "" {
		b.WriteString(" />")
		return
	}
	b.WriteByte('>')
	if strings.ContainsAny(val, "<>&'\"\r\n\t") {
		_ = xml.EscapeText(b, []byte(val))
	} else {
		b.WriteString(val)
	}
	b.WriteString("</")
	b.WriteString(tag)
	b.WriteByte('>')
}

func etag(i int) string {
	const hex = "0123456789ABCDEF"
	e := []byte("0x8DC000000000000")
	for j, v := len(e)-1, i+1; v > 0 && j >= 5; j, v = j-1, v>>4 {
		e[j] = hex[v&15]
	}
	return string(e)
}

func (s *Server) blob(w http.ResponseWriter, r *http.Request, start time.Time, name string) {
	i, ok := s.ns.Lookup(name)
	if !ok {
		s.fail(w, r, start, 0, http.StatusNotFound, "BlobNotFound", "The specified blob does not exist.")
		return
	}
	s.headers(w, r)
	h := w.Header()
	h.Set("ETag", `"`+etag(i)+`"`)
	h.Set("Last-Modified", lastModified.Format(http.TimeFormat))
	h.Set("x-ms-creation-time", lastModified.Format(http.TimeFormat))
	h.Set("x-ms-blob-type", "BlockBlob")
	h.Set("x-ms-lease-state", "available")
	h.Set("x-ms-lease-status", "unlocked")
	h.Set("x-ms-server-encrypted", "true")
	h.Set("Accept-Ranges", "bytes")
	h.Set("Content-Type", "application/octet-stream")
	size := s.ns.Size
	if r.Method == http.MethodHead {
		s.headReqs.Add(1)
		h.Set("x-ms-access-tier", "Hot")
		h.Set("x-ms-access-tier-inferred", "true")
		h.Set("Content-Length", strconv.FormatInt(size, 10))
		s.wait(r.Context(), start, 0)
		w.WriteHeader(http.StatusOK)
		return
	}
	s.getReqs.Add(1)
	off, end, ranged, err := blobwire.ParseRange(firstNonEmpty(r.Header.Get("x-ms-range"), r.Header.Get("Range")), size)
	if err != nil {
		for _, k := range []string{"ETag", "Last-Modified", "x-ms-creation-time", "x-ms-blob-type", "Accept-Ranges"} {
			h.Del(k)
		}
		s.fail(w, r, start, 0, http.StatusRequestedRangeNotSatisfiable, "InvalidRange", "The range specified is invalid for the current size of the resource.")
		return
	}
	data := s.content.bytes(s.ns.At(i))[off:end]
	s.getBytes.Add(int64(len(data)))
	h.Set("Content-Length", strconv.Itoa(len(data)))
	status := http.StatusOK
	if ranged {
		h.Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", off, end-1, size))
		status = http.StatusPartialContent
	}
	s.wait(r.Context(), start, 0)
	w.WriteHeader(status)
	_, _ = w.Write(data)
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
