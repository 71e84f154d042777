package azfaithful

import (
	"fmt"
	"io"
	"log"
	"math"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"
	"github.com/baklint/baklint/internal/blobwire"
	"github.com/baklint/baklint/internal/iocount"
)

// Options configure a Proxy.
type Options struct {
	// Upstream is Azurite's path-style account URL,
	// http://127.0.0.1:PORT/ACCOUNT.
	Upstream string
	// Account and Key sign what the proxy writes and reads on behalf of a
	// Shared Key request.
	Account, Key string
	// PendingPolls is how many Get Blob Properties of a Copy Blob's
	// destination report pending before the copy ends: 0 means 2, a
	// negative value none (the copy is pending only in Copy Blob's answer).
	PendingPolls int
	// PageLatency is added to every Put Page From URL, as the service time
	// of reading and writing up to 4 MiB (tests that interrupt a
	// conversion need one that takes a while).
	PageLatency time.Duration
}

// Stats counts what the proxy saw.
type Stats struct {
	// PutPageFromURL requests carried out, and the 512-byte pages they wrote.
	PutPageFromURL, Pages int64
	// CopyBlob requests answered pending.
	CopyBlob int64
	// ClientBytesUp: request bodies the client sent (Put Page, Put Block...).
	// ClientBytesDown: blob content the client downloaded (Get Blob).
	ClientBytesUp, ClientBytesDown int64
}

// Proxy is a running test double on a loopback port.
type Proxy struct {
	opts     Options
	upstream *url.URL
	cred     *azblob.SharedKeyCredential
	rp       *httputil.ReverseProxy
	hc       *http.Client
	srv      *http.Server
	endpoint string

	mu       sync.Mutex
	copies   map[string]*copyState // by the destination's escaped path
	failCopy func(path string) bool
	before   func(op, path string)

	ppfu, pages, copyBlob, up, down atomic.Int64
}

type copyState struct {
	polls  int
	failed bool
}

// Start serves on a free 127.0.0.1 port until Close.
func Start(opts Options) (*Proxy, error) {
	u, err := url.Parse(opts.Upstream)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("azfaithful: upstream %q is not a URL", opts.Upstream)
	}
	if !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("azfaithful: upstream %s is not a loopback address", u.Host)
	}
	cred, err := azblob.NewSharedKeyCredential(opts.Account, opts.Key)
	if err != nil {
		return nil, fmt.Errorf("azfaithful: %w", err)
	}
	if opts.PendingPolls == 0 {
		opts.PendingPolls = 2
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("azfaithful: listen on loopback: %w", err)
	}
	p := &Proxy{opts: opts, upstream: &url.URL{Scheme: u.Scheme, Host: u.Host}, cred: cred, copies: map[string]*copyState{}, hc: &http.Client{}}
	p.rp = &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.Out.URL.Scheme, pr.Out.URL.Host = p.upstream.Scheme, p.upstream.Host
			// Azurite serves a copy source in its own account only when
			// the source URL's host is the Host it was called by.
			pr.Out.Host = pr.In.Host
		},
		ModifyResponse: p.modifyResponse,
		// A client that gives up (a killed process) is not news.
		ErrorLog: log.New(io.Discard, "", 0),
	}
	p.endpoint = "http://" + ln.Addr().String() + u.Path
	p.srv = &http.Server{Handler: p, ReadHeaderTimeout: 30 * time.Second}
	go func() { _ = p.srv.Serve(ln) }()
	return p, nil
}

func isLoopback(host string) bool {
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Endpoint is the proxy's path-style account URL, used where Azurite's was.
func (p *Proxy) Endpoint() string { return p.endpoint }

// Close stops the proxy.
func (p *Proxy) Close() error { return p.srv.Close() }

// Stats returns the counters so far.
func (p *Proxy) Stats() Stats {
	return Stats{
		PutPageFromURL: p.ppfu.Load(), Pages: p.pages.Load(), CopyBlob: p.copyBlob.Load(),
		ClientBytesUp: p.up.Load(), ClientBytesDown: p.down.Load(),
	}
}

// Pending is how many Copy Blob copies the proxy reports pending now.
func (p *Proxy) Pending() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, st := range p.copies {
		if st.polls > 0 {
			n++
		}
	}
	return n
}

// SetFailCopy makes the Copy Blob copies whose destination fail reports
// true for ("container/blob") end failed instead of success.
func (p *Proxy) SetFailCopy(fail func(path string) bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.failCopy = fail
}

// Operations SetBefore reports.
const (
	OpPutPageFromURL = "PutPageFromURL"
	OpCopyBlob       = "CopyBlob"
)

// SetBefore has fn called with the operation and the destination
// ("container/blob") before the proxy carries out a Put Page From URL or a
// Copy Blob: tests change the source there, as another writer could.
func (p *Proxy) SetBefore(fn func(op, path string)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.before = fn
}

func (p *Proxy) callBefore(op string, r *http.Request) {
	p.mu.Lock()
	fn := p.before
	p.mu.Unlock()
	if fn != nil {
		fn(op, p.blobPath(r.URL.EscapedPath()))
	}
}

func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if r.Method == http.MethodPut && r.Header.Get("x-ms-copy-source") != "" {
		switch q.Get("comp") {
		case "page":
			p.callBefore(OpPutPageFromURL, r)
			p.putPageFromURL(w, r)
			return
		case "":
			p.callBefore(OpCopyBlob, r)
		}
	}
	if r.Body != nil && r.Body != http.NoBody {
		r.Body = &iocount.Body{ReadCloser: r.Body, N: &p.up}
	}
	p.rp.ServeHTTP(w, r)
}

// modifyResponse turns Azurite's synchronous Copy Blob into Azure's
// asynchronous one, and counts downloads.
func (p *Proxy) modifyResponse(resp *http.Response) error {
	r := resp.Request
	q := r.URL.Query()
	key := r.URL.EscapedPath()
	switch {
	case r.Method == http.MethodPut && r.Header.Get("x-ms-copy-source") != "" && q.Get("comp") == "" &&
		r.Header.Get("x-ms-requires-sync") == "" && resp.StatusCode == http.StatusAccepted:
		p.copyBlob.Add(1)
		p.mu.Lock()
		st := &copyState{polls: max(p.opts.PendingPolls, 0)}
		if p.failCopy != nil {
			st.failed = p.failCopy(p.blobPath(key))
		}
		p.copies[key] = st
		p.mu.Unlock()
		resp.Header.Set("x-ms-copy-status", "pending")
	case r.Method == http.MethodDelete && resp.StatusCode == http.StatusAccepted,
		r.Method == http.MethodPut && q.Get("comp") == "" && resp.StatusCode == http.StatusCreated:
		// The blob is gone or replaced: so is the copy that made it.
		p.mu.Lock()
		delete(p.copies, key)
		p.mu.Unlock()
	case (r.Method == http.MethodHead || r.Method == http.MethodGet) && q.Get("comp") == "" && resp.StatusCode/100 == 2:
		p.reportCopy(key, resp.Header)
		if r.Method == http.MethodGet {
			resp.Body = &iocount.Body{ReadCloser: resp.Body, N: &p.down}
		}
	}
	return nil
}

// reportCopy rewrites the copy status of a destination whose Copy Blob the
// proxy holds pending or failed.
func (p *Proxy) reportCopy(key string, h http.Header) {
	p.mu.Lock()
	defer p.mu.Unlock()
	st, ok := p.copies[key]
	if !ok {
		return
	}
	switch {
	case st.polls > 0:
		st.polls--
		h.Set("x-ms-copy-status", "pending")
		h.Set("x-ms-copy-progress", "0/"+h.Get("Content-Length"))
		h.Del("x-ms-copy-completion-time")
	case st.failed:
		h.Set("x-ms-copy-status", "failed")
		h.Set("x-ms-copy-status-description", "500 InternalError Copy failed (azfaithful: configured to fail).")
	default:
		delete(p.copies, key) // Azurite's own answer (success) stands from now on
	}
}

// blobPath is "container/blob" of an escaped request path.
func (p *Proxy) blobPath(escaped string) string {
	s, err := url.PathUnescape(escaped)
	if err != nil {
		s = escaped
	}
	s = strings.TrimPrefix(s, "/")
	_, rest, _ := strings.Cut(s, "/") // the account
	return rest
}

// parseRange parses the "bytes=a-b" of Put Page from URL into offset and
// count, with fakeblob's parser. An absent range is refused; an open one
// ("bytes=a-") runs to the largest offset, so its count exceeds any page
// range and the caller refuses it as it does an oversized one.
func parseRange(s string) (off, n int64, err error) {
	off, end, ranged, err := blobwire.ParseRange(s, math.MaxInt64)
	if err != nil || !ranged {
		return 0, 0, blobwire.ErrRange
	}
	return off, end - off, nil
}
