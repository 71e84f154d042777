// Package azstore is the Azure Blob Storage side of blobscan: a Reader over
// one container through the azblob SDK, and the account that lists
// containers. The fixer adds its write methods in write*.go files of this
// package, on the same Container type.
package azstore

import (
	"net"
	"net/http"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"

	"github.com/baklint/baklint/blobscan"
)

// Auth is how requests are authorised; exactly one field is set. The fixer
// needs it to build source URLs for server-side copies, so it is exported.
type Auth struct {
	// SAS is a query string without '?'. Secret.
	SAS string
	// SharedKey signs requests with the account key.
	SharedKey *azblob.SharedKeyCredential
	// Token is an Entra ID credential (DefaultAzureCredential).
	Token azcore.TokenCredential
}

// newClient builds the SDK client (service or container) of u with the
// constructor for auth's form: a SAS appended to the URL, the shared key,
// an Entra ID token, or no credential at all (a public container).
func newClient[C, O any](u string, auth Auth, o O,
	noCredential func(string, O) (C, error),
	sharedKey func(string, *azblob.SharedKeyCredential, O) (C, error),
	token func(string, azcore.TokenCredential, O) (C, error),
) (C, error) {
	switch {
	case auth.SAS != "":
		return noCredential(u+"?"+auth.SAS, o)
	case auth.SharedKey != nil:
		return sharedKey(u, auth.SharedKey, o)
	case auth.Token != nil:
		return token(u, mark(auth.Token), o)
	default:
		return noCredential(u, o)
	}
}

// Options tune the clients. The zero value is usable.
type Options struct {
	// Concurrency bounds folders listed, or ranges read, at once.
	Concurrency int
	// TryTimeout bounds one HTTP attempt; the SDK has none by default, so a
	// stalled connection would hang a scan forever.
	TryTimeout time.Duration
	// PageSize is the listing page size; 0 lets the service choose (5000).
	PageSize int32
	// Transport replaces the HTTP client (tests wrap it to count requests).
	Transport policy.Transporter
}

const defaultTryTimeout = 60 * time.Second

func (o Options) concurrency() int {
	if o.Concurrency < 1 {
		return blobscan.DefaultConcurrency
	}
	return o.Concurrency
}

// NewHTTPClient returns a client whose pool keeps a connection per worker:
// net/http keeps only 2 idle connections per host by default (the SDK's
// transport 10), so a wider scan would redial TLS on every request.
func NewHTTPClient(concurrency int) *http.Client {
	if concurrency < 1 {
		concurrency = blobscan.DefaultConcurrency
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = max(concurrency, 10) + 4
	tr.MaxIdleConns = max(tr.MaxIdleConns, 2*tr.MaxIdleConnsPerHost)
	tr.DialContext = (&net.Dialer{Timeout: 15 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	tr.ResponseHeaderTimeout = 0 // TryTimeout bounds the whole attempt
	return &http.Client{Transport: tr}
}

func (o Options) clientOptions() azcore.ClientOptions {
	tt := o.TryTimeout
	if tt <= 0 {
		tt = defaultTryTimeout
	}
	tr := o.Transport
	if tr == nil {
		tr = NewHTTPClient(o.concurrency())
	}
	return azcore.ClientOptions{
		Retry:     policy.RetryOptions{MaxRetries: 3, TryTimeout: tt},
		Transport: tr,
		// Decodes listings faster than the SDK; see listfast.go.
		PerRetryPolicies: []policy.Policy{fastListPolicy{}},
		// The SDK logs request URLs; keep the SAS out of any log it writes.
		Logging: policy.LogOptions{AllowedQueryParams: []string{"comp", "restype", "prefix", "delimiter", "maxresults"}},
	}
}
