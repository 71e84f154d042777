package azstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/service"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/errclass"
)

// Account is a storage account endpoint with its credential.
type Account struct {
	Name string
	// ServiceURL is the endpoint with a trailing '/', without SAS.
	ServiceURL string
	Auth       Auth
	Options    Options
	Client     *service.Client
}

// NewAccount builds the service client. It does no I/O.
func NewAccount(name, serviceURL string, auth Auth, opts Options) (*Account, error) {
	su := strings.TrimRight(serviceURL, "/") + "/"
	if opts.Transport == nil {
		// One pool for the account and all its containers.
		opts.Transport = NewHTTPClient(opts.concurrency())
	}
	c, err := newClient(su, auth, &service.ClientOptions{ClientOptions: opts.clientOptions()},
		service.NewClientWithNoCredential, service.NewClientWithSharedKeyCredential, service.NewClient)
	if err != nil {
		return nil, errclass.Errorf(errclass.BadInput, "account %s: %s", su, blobscan.Redact(err.Error()))
	}
	return &Account{Name: name, ServiceURL: su, Auth: auth, Options: opts, Client: c}, nil
}

// Container returns the Reader for one container of the account.
func (a *Account) Container(name string) (*Container, error) {
	return NewContainer(a.Name, a.ServiceURL, name, a.Auth, a.Options)
}

// ListContainers names every container of the account, sorted as the service
// returns them. It needs an account-level credential: a container SAS cannot
// list containers.
func (a *Account) ListContainers(ctx context.Context) ([]string, error) {
	var names []string
	pager := a.Client.NewListContainersPager(nil)
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			err = a.Auth.classify(err, "list containers of", a.ServiceURL)
			if a.Auth.SAS != "" {
				err = withHint(err, "an account URL needs an account SAS that grants List on the service (srt=sco); or give a container URL")
			}
			return nil, err
		}
		for _, c := range page.ContainerItems {
			if c != nil && c.Name != nil {
				names = append(names, *c.Name)
			}
		}
	}
	return names, nil
}

// ProbeTimeout bounds the first request, so a wrong endpoint or credential is
// reported in seconds instead of after the SDK's retries.
const ProbeTimeout = 20 * time.Second

// probeContext makes the probe one quick attempt plus one retry.
func probeContext(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(ctx, ProbeTimeout)
	return policy.WithRetryOptions(ctx, policy.RetryOptions{MaxRetries: 1, TryTimeout: ProbeTimeout / 2, RetryDelay: 200 * time.Millisecond}), cancel
}

// Probe lists at most one blob: the cheapest request that needs exactly
// what a scan needs (List; Get Container Properties would need more than a
// Read+List container SAS grants).
func (c *Container) Probe(ctx context.Context) error {
	pctx, cancel := probeContext(ctx)
	defer cancel()
	one := int32(1)
	_, err := c.Client.NewListBlobsFlatPager(&container.ListBlobsFlatOptions{MaxResults: &one}).NextPage(pctx)
	if err != nil && ctx.Err() == nil && pctx.Err() != nil {
		return &opError{
			msg:  fmt.Sprintf("%v: list %s: no answer within %v: check the URL, the network and any firewall or private endpoint in front of the account", blobscan.ErrStorage, c.URL, ProbeTimeout),
			errs: []error{blobscan.ErrStorage, err},
		}
	}
	return c.Auth.classify(err, "list", c.URL)
}

// ListContainersProbed is ListContainers with the probe's short timeout on
// its first page: for an account URL, listing containers is the probe.
func (a *Account) ListContainersProbed(ctx context.Context) ([]string, error) {
	pctx, cancel := probeContext(ctx)
	defer cancel()
	names, err := a.ListContainers(pctx)
	if err != nil && ctx.Err() == nil && pctx.Err() != nil {
		return nil, &opError{
			msg:  fmt.Sprintf("%v: list containers of %s: no answer within %v: check the URL, the network and any firewall in front of the account", blobscan.ErrStorage, a.ServiceURL, ProbeTimeout),
			errs: []error{blobscan.ErrStorage, err},
		}
	}
	return names, err
}

func withHint(err error, hint string) error {
	if oe, ok := err.(*opError); ok && (strings.Contains(oe.msg, "HTTP 403") || strings.Contains(oe.msg, "HTTP 401")) {
		return &opError{msg: oe.msg + "; " + hint, errs: oe.errs}
	}
	return err
}
