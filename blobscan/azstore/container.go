package azstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/blob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/errclass"
)

// Container is a blobscan.Reader over one Azure container. Its fields are
// what a writer needs too: the client, the account and the credential that
// signs copy-source URLs.
type Container struct {
	Client  *container.Client
	Account string
	Name    string
	// URL is the container URL without any SAS.
	URL string
	// Scope is the PREFIX of the SOURCE URL: List never goes outside it.
	Scope   string
	Auth    Auth
	Options Options

	// udk caches the user delegation key of an Entra ID login (udk.go);
	// set on first use, under udkOnce.
	udk     *udkCache
	udkOnce sync.Once

	// list is what listing learnt of the service (Arrow, range listing).
	list listState
}

var _ blobscan.Reader = (*Container)(nil)

// NewContainer builds the client for container name under serviceURL (the
// account endpoint, without SAS, with or without a trailing '/').
func NewContainer(account, serviceURL, name string, auth Auth, opts Options) (*Container, error) {
	cu := strings.TrimRight(serviceURL, "/") + "/" + url.PathEscape(name)
	c, err := newClient(cu, auth, &container.ClientOptions{ClientOptions: opts.clientOptions()},
		container.NewClientWithNoCredential, container.NewClientWithSharedKeyCredential, container.NewClient)
	if err != nil {
		return nil, errclass.Errorf(errclass.BadInput, "container %s: %s", cu, blobscan.Redact(err.Error()))
	}
	return &Container{Client: c, Account: account, Name: name, URL: cu, Auth: auth, Options: opts}, nil
}

func (c *Container) Location() string  { return c.URL }
func (c *Container) Container() string { return c.Name }

// BlobURL is the URL of path in this container, without SAS.
func (c *Container) BlobURL(path string) string {
	return c.URL + "/" + (&url.URL{Path: path}).EscapedPath()
}

func (c *Container) folderURL(prefix string) string {
	if prefix == "" {
		return c.URL
	}
	return c.URL + "?prefix=" + url.QueryEscape(prefix)
}

// ListFlat lists prefix sequentially with flat listing, one page after the
// other: the simple baseline the concurrent walk is measured against.
func (c *Container) ListFlat(ctx context.Context, prefix string, fn func(blobscan.Object) error) error {
	prefix, ok := blobscan.NarrowPrefix(c.Scope, prefix)
	if !ok {
		return nil
	}
	opts := &container.ListBlobsFlatOptions{}
	if prefix != "" {
		opts.Prefix = &prefix
	}
	if c.Options.PageSize > 0 {
		opts.MaxResults = &c.Options.PageSize
	}
	pager := c.Client.NewListBlobsFlatPager(opts)
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			return c.Auth.classify(err, "list", c.folderURL(prefix))
		}
		if page.Segment == nil {
			continue
		}
		for _, o := range objectsOf(page.Segment.BlobItems) {
			if err := fn(o); err != nil {
				return err
			}
		}
	}
	return nil
}

// objectsOf converts a page of listed blobs, leaving out nameless items.
func objectsOf(items []*container.BlobItem) []blobscan.Object {
	out := make([]blobscan.Object, 0, len(items))
	for _, it := range items {
		if it == nil || it.Name == nil {
			continue
		}
		o := blobscan.Object{Path: *it.Name}
		if p := it.Properties; p != nil {
			o.Size = deref(p.ContentLength)
			o.ETag = normETag(p.ETag)
			o.ContentMD5 = p.ContentMD5
			if p.LastModified != nil {
				o.LastModified = p.LastModified.UTC()
			}
			if p.BlobType != nil {
				o.BlobType = string(*p.BlobType)
			}
			if p.AccessTier != nil && o.BlobType == blobscan.BlockBlob {
				o.Tier = string(*p.AccessTier)
			}
		}
		out = append(out, o)
	}
	return out
}

// ReadRange downloads length bytes at offset; fewer at the end, none past it.
func (c *Container) ReadRange(ctx context.Context, path string, offset, length int64) ([]byte, error) {
	if offset < 0 || length < 0 {
		return nil, errclass.Errorf(errclass.BadInput, "read %s: negative range %d+%d", c.BlobURL(path), offset, length)
	}
	if length == 0 {
		return nil, nil
	}
	resp, err := c.Client.NewBlobClient(path).DownloadStream(ctx, &blob.DownloadStreamOptions{
		Range: blob.HTTPRange{Offset: offset, Count: length},
	})
	if err != nil {
		var re *azcore.ResponseError
		if errors.As(err, &re) && re.StatusCode == http.StatusRequestedRangeNotSatisfiable {
			return nil, nil // offset at or past the end, or an empty blob
		}
		return nil, c.Auth.classify(err, "read", c.BlobURL(path))
	}
	defer resp.Body.Close()
	// One buffer of the size asked for: io.ReadAll would grow one by
	// doubling, leaving as much garbage again as the range, which a copy
	// of many 4 MiB ranges turns into heap.
	n := length
	if resp.ContentLength != nil && *resp.ContentLength >= 0 {
		n = min(n, *resp.ContentLength)
	}
	buf := make([]byte, n)
	got, err := io.ReadFull(resp.Body, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, c.Auth.classify(err, "read", c.BlobURL(path))
	}
	if resp.ContentLength != nil && int64(got) < n {
		// The body ended before the length the service announced: the
		// connection broke mid-transfer. That is a failed read, to retry,
		// not a shorter blob, which a copy would take for a changed
		// source and skip for good. (Without a length, fewer bytes is the
		// end of a shorter blob.)
		torn := fmt.Errorf("the response ended after %d of %d bytes: %w", got, n, io.ErrUnexpectedEOF)
		return nil, c.Auth.classify(torn, "read", c.BlobURL(path))
	}
	return buf[:got], nil
}

// Properties fetches the blob's current metadata.
func (c *Container) Properties(ctx context.Context, path string) (blobscan.Object, error) {
	p, err := c.Client.NewBlobClient(path).GetProperties(ctx, nil)
	if err != nil {
		return blobscan.Object{}, c.Auth.classify(err, "get properties of", c.BlobURL(path))
	}
	o := blobscan.Object{
		Path:       path,
		Size:       deref(p.ContentLength),
		ETag:       normETag(p.ETag),
		ContentMD5: p.ContentMD5,
	}
	if p.LastModified != nil {
		o.LastModified = p.LastModified.UTC()
	}
	if p.BlobType != nil {
		o.BlobType = string(*p.BlobType)
	}
	if p.AccessTier != nil && o.BlobType == blobscan.BlockBlob {
		o.Tier = *p.AccessTier
	}
	return o, nil
}

// normETag gives listings (bare 0x8D...) and HEAD responses ("0x8D...") one
// form, the quoted one HTTP conditions use, so ETags compare equal.
func normETag(e *azcore.ETag) string {
	if e == nil || *e == "" {
		return ""
	}
	s := string(*e)
	if strings.HasPrefix(s, `"`) {
		return s
	}
	return `"` + s + `"`
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
