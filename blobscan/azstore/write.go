package azstore

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/streaming"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/blob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/bloberror"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/blockblob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/pageblob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/sas"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/service"
	"golang.org/x/sync/errgroup"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/errclass"
)

var _ blobscan.Writer = (*Container)(nil)

// Metadata baklint puts on what it writes (see blobscan.Stamp). Azure
// metadata names are C# identifiers, case-insensitive.
const (
	metaSourceETag = "baklintsourceetag"
	metaSourcePath = "baklintsourcepath"
	metaState      = "baklintstate"
	metaSHA256     = "baklintsha256"
)

// StreamingNotice is what a run says when a conversion cannot be done
// server-side.
const StreamingNotice = "Put Page From URL is not supported or failed at the service; streaming through the client"

// copySASLifetime bounds the read SAS handed to the service for a
// server-side copy: long enough for a pending copy of a large blob.
const copySASLifetime = 48 * time.Hour

var ifNoneMatchAny = &blob.AccessConditions{ModifiedAccessConditions: &blob.ModifiedAccessConditions{IfNoneMatch: ptr(azcore.ETagAny)}}

func ptr[T any](v T) *T { return &v }

func ifMatch(etag string) *blob.AccessConditions {
	return &blob.AccessConditions{ModifiedAccessConditions: &blob.ModifiedAccessConditions{IfMatch: ptr(azcore.ETag(etag))}}
}

func stamp(req blobscan.CopyRequest, state, sha string) map[string]*string {
	m := map[string]*string{
		metaSourceETag: ptr(req.FromETag),
		metaSourcePath: ptr(url.PathEscape(req.FromPath)),
		metaState:      ptr(state),
	}
	if sha != "" {
		m[metaSHA256] = ptr(sha)
	}
	return m
}

// Ready checks that the container exists.
func (c *Container) Ready(ctx context.Context) error {
	// A one-item listing, not Get Container Properties: a container SAS
	// cannot authorise the latter, however many permissions it grants.
	// Unlike Probe it keeps the full retry policy: an apply that has come
	// this far should ride out a flaky network, not fail fast.
	one := int32(1)
	_, err := c.Client.NewListBlobsFlatPager(&container.ListBlobsFlatOptions{MaxResults: &one}).NextPage(ctx)
	return c.Auth.classify(err, "list", c.URL)
}

// preflightBlob receives the uncommitted block of CheckWrite: such blocks
// are invisible to listings and reads, and the service discards them
// after a week.
const preflightBlob = ".baklint-preflight"

// CheckWrite stages one uncommitted block: one request that needs the
// Write permission and leaves no blob behind.
func (c *Container) CheckWrite(ctx context.Context) error {
	_, err := c.Client.NewBlockBlobClient(preflightBlob).StageBlock(ctx, blockID(0), streaming.NopCloser(bytes.NewReader([]byte{0})), nil)
	return c.Auth.classify(err, "write to", c.URL)
}

// CreateRoot creates the container.
func (c *Container) CreateRoot(ctx context.Context) error {
	_, err := c.Client.Create(ctx, nil)
	if bloberror.HasCode(err, bloberror.ContainerAlreadyExists) {
		return nil
	}
	err = c.Auth.classify(err, "create the container", c.URL)
	if errors.Is(err, blobscan.ErrAuth) {
		return &opError{
			msg:  fmt.Sprintf("%v: destination container %s does not exist and these credentials cannot create it: create it (az storage container create), or use an account SAS allowing Create on containers, the account key, or the Storage Blob Data Contributor role", blobscan.ErrAuth, c.URL),
			errs: []error{blobscan.ErrAuth, err},
		}
	}
	return err
}

// Copy creates req.To, never over an existing blob. From another Azure
// container it copies server-side: Copy Blob when the type is kept, Put
// Page From URL (4 MiB ranges) for block to page conversions. From a local
// folder, or where the service lacks Put Page From URL, it streams through
// this process with at most Concurrency ranges of RangeSize in memory.
func (c *Container) Copy(ctx context.Context, req blobscan.CopyRequest) (blobscan.CopyResult, error) {
	if req.RangeSize <= 0 || req.RangeSize > blobscan.DefaultRangeSize {
		req.RangeSize = blobscan.DefaultRangeSize
	}
	if req.Concurrency <= 0 {
		req.Concurrency = 4
	}
	if req.ToType == "" {
		req.ToType = blobscan.BlockBlob
	}
	src, fromAzure := req.From.(*Container)
	// Before anything is created: a source that changed since planning is
	// refused without a trace.
	o, err := req.From.Properties(ctx, req.FromPath)
	if err != nil {
		return blobscan.CopyResult{}, err
	}
	if o.ETag != req.FromETag || o.Size != req.Size {
		return blobscan.CopyResult{}, fmt.Errorf("%w: source %s is no longer the planned version", blobscan.ErrChanged, req.FromPath)
	}
	srcType := o.BlobType
	// The service resolves "." and ".." in a copy-source URL (RFC 3986
	// §5.2.4), so a server-side copy of such a name would read another
	// blob, or fail with a misleading 404. Direct requests keep the name
	// as it is: those blobs are streamed through this process.
	serverSide := fromAzure && !hasDotSegment(req.FromPath)
	if fromAzure && !serverSide && req.Notice != nil {
		req.Notice(fmt.Sprintf("%s has '.' or '..' path segments, which the service resolves in a copy-source URL: it is copied through this machine", req.FromPath))
	}
	switch {
	case serverSide && srcType == req.ToType:
		return c.copyBlob(ctx, src, req)
	case serverSide && req.ToType == blobscan.PageBlob:
		return c.convertToPage(ctx, src, req)
	case req.ToType == blobscan.PageBlob:
		return c.streamPages(ctx, req, false)
	case req.ToType == blobscan.BlockBlob:
		return c.streamBlocks(ctx, req)
	}
	return blobscan.CopyResult{}, errclass.Errorf(errclass.BadInput, "cannot make a %s from %s", req.ToType, req.FromPath)
}

// hasDotSegment reports whether a blob name has a "." or ".." segment.
func hasDotSegment(p string) bool {
	for _, seg := range strings.Split(p, "/") {
		if seg == "." || seg == ".." {
			return true
		}
	}
	return false
}

// sourceURL is a URL of the source blob the destination service can read:
// with the user's SAS, a short read-only SAS signed with the account key,
// or a user delegation SAS for an Entra ID login.
func (c *Container) sourceURL(ctx context.Context, p string) (string, error) {
	u := c.BlobURL(p)
	switch {
	case c.Auth.SAS != "":
		return u + "?" + c.Auth.SAS, nil
	case c.Auth.SharedKey != nil:
		q, err := c.blobSAS(p).SignWithSharedKey(c.Auth.SharedKey)
		if err != nil {
			return "", errclass.Errorf(errclass.Auth, "sign a read SAS for %s: %w", u, err)
		}
		return u + "?" + q.Encode(), nil
	case c.Auth.Token != nil:
		svcURL := strings.TrimSuffix(c.URL, "/"+url.PathEscape(c.Name))
		c.udkOnce.Do(func() {
			if c.udk != nil {
				return
			}
			if svc, err := service.NewClient(svcURL, c.Auth.Token, &service.ClientOptions{ClientOptions: c.Options.clientOptions()}); err == nil {
				c.udk = newUDKCache(c.fetchUDK(svc))
			}
		})
		if c.udk == nil {
			return "", errclass.Errorf(errclass.BadInput, "%s is not a service URL", svcURL)
		}
		cred, err := c.udk.get(ctx)
		if err != nil {
			return "", c.Auth.classify(err, "get a user delegation key for", svcURL)
		}
		q, err := c.blobSAS(p).SignWithUserDelegation(cred)
		if err != nil {
			return "", errclass.Errorf(errclass.Auth, "sign a read SAS for %s: %w", u, err)
		}
		return u + "?" + q.Encode(), nil
	}
	return u, nil
}

func (c *Container) blobSAS(p string) sas.BlobSignatureValues {
	return sas.BlobSignatureValues{
		StartTime:     time.Now().UTC().Add(-5 * time.Minute),
		ExpiryTime:    time.Now().UTC().Add(copySASLifetime),
		Permissions:   (&sas.BlobPermissions{Read: true}).String(),
		ContainerName: c.Name,
		BlobName:      p,
	}
}

// copyBlob is a server-side Copy Blob, conditional on the source's planned
// ETag and on the destination not existing, stamped "copying" so a rerun
// knows the pending copy is its own.
func (c *Container) copyBlob(ctx context.Context, src *Container, req blobscan.CopyRequest) (blobscan.CopyResult, error) {
	su, err := src.sourceURL(ctx, req.FromPath)
	if err != nil {
		return blobscan.CopyResult{}, err
	}
	bc := c.Client.NewBlobClient(req.To)
	_, err = bc.StartCopyFromURL(ctx, su, &blob.StartCopyFromURLOptions{
		Metadata:                       stamp(req, blobscan.StampCopying, ""),
		SourceModifiedAccessConditions: &blob.SourceModifiedAccessConditions{SourceIfMatch: ptr(azcore.ETag(req.FromETag))},
		AccessConditions:               ifNoneMatchAny,
	})
	if err != nil {
		return blobscan.CopyResult{}, c.writeErr(err, "copy to", req.To)
	}
	st, err := c.waitCopy(ctx, req.To)
	if err != nil {
		return blobscan.CopyResult{}, err
	}
	if st.CopyStatus != "success" {
		// What a failed copy leaves is not a backup, and a migration service
		// reading the folder would take it for one: remove it (only while
		// it is still that blob).
		if o, err := c.Properties(ctx, req.To); err == nil {
			_ = c.Delete(ctx, req.To, o.ETag)
		}
		return blobscan.CopyResult{}, errclass.Errorf(errclass.Storage, "copy to %s ended %s: %s", c.BlobURL(req.To), st.CopyStatus, st.CopyDetail)
	}
	o, err := c.Properties(ctx, req.To)
	return blobscan.CopyResult{Object: o, ServerSide: true}, err
}

// waitCopy polls a pending copy with capped exponential backoff.
func (c *Container) waitCopy(ctx context.Context, p string) (blobscan.Stamp, error) {
	delay := 50 * time.Millisecond
	for {
		st, err := c.Stamp(ctx, p)
		if err != nil || st.CopyStatus != "pending" {
			return st, err
		}
		select {
		case <-ctx.Done():
			return st, ctx.Err()
		case <-time.After(delay):
		}
		delay = min(2*delay, 5*time.Second)
	}
}

// createPage creates the empty page blob, stamped partial until filled.
func (c *Container) createPage(ctx context.Context, req blobscan.CopyRequest) error {
	_, err := c.Client.NewPageBlobClient(req.To).Create(ctx, req.Size, &pageblob.CreateOptions{
		Metadata:         stamp(req, blobscan.StampPartial, ""),
		AccessConditions: ifNoneMatchAny,
	})
	return c.writeErr(err, "create page blob", req.To)
}

// convertToPage fills a new page blob from the source with Put Page From
// URL, range by range, each conditional on the planned source ETag.
func (c *Container) convertToPage(ctx context.Context, src *Container, req blobscan.CopyRequest) (blobscan.CopyResult, error) {
	if req.Size%512 != 0 {
		return blobscan.CopyResult{}, errclass.Errorf(errclass.BadInput, "%s: size %d is not a multiple of 512", req.FromPath, req.Size)
	}
	su, err := src.sourceURL(ctx, req.FromPath)
	if err != nil {
		return blobscan.CopyResult{}, err
	}
	if err := c.createPage(ctx, req); err != nil {
		return blobscan.CopyResult{}, err
	}
	pb := c.Client.NewPageBlobClient(req.To)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(req.Concurrency)
	for off := int64(0); off < req.Size && gctx.Err() == nil; off += blobscan.DefaultRangeSize {
		n := min(blobscan.DefaultRangeSize, req.Size-off)
		g.Go(func() error {
			_, err := pb.UploadPagesFromURL(gctx, su, off, off, n, &pageblob.UploadPagesFromURLOptions{
				SourceModifiedAccessConditions: &blob.SourceModifiedAccessConditions{SourceIfMatch: ptr(azcore.ETag(req.FromETag))},
			})
			if err != nil {
				// 501 is the honest "not supported". A 5xx that outlived the
				// SDK's retries on the first range is treated the same:
				// Azurite answers 500 when a SAS authorises the request, and
				// streaming is always correct, only slower. Later ranges
				// fail normally, and a rerun resumes.
				var re *azcore.ResponseError
				if errors.As(err, &re) && (re.StatusCode == http.StatusNotImplemented || off == 0 && re.StatusCode >= 500) {
					return errNotImplemented
				}
				return c.writeErr(err, "put pages from URL into", req.To)
			}
			return nil
		})
		if off == 0 {
			// Learn from the first range whether the service can do it at
			// all before sending the rest.
			if err := g.Wait(); err != nil {
				break
			}
			g, gctx = errgroup.WithContext(ctx)
			g.SetLimit(req.Concurrency)
		}
	}
	err = g.Wait()
	if errors.Is(err, errNotImplemented) {
		if req.Notice != nil {
			req.Notice(StreamingNotice)
		}
		return c.streamPages(ctx, req, true)
	}
	if err != nil {
		c.dropPartial(ctx, req)
		return blobscan.CopyResult{}, err
	}
	if err := c.seal(ctx, req, ""); err != nil {
		return blobscan.CopyResult{}, err
	}
	o, err := c.Properties(ctx, req.To)
	return blobscan.CopyResult{Object: o, ServerSide: true}, err
}

var errNotImplemented = errors.New("not implemented by the service")

// streamPages reads the source range by range and writes the pages,
// skipping all-zero ranges (a new page blob reads as zeros). created: the
// page blob exists already (a failed server-side attempt made it).
func (c *Container) streamPages(ctx context.Context, req blobscan.CopyRequest, created bool) (blobscan.CopyResult, error) {
	if req.Size%512 != 0 {
		return blobscan.CopyResult{}, errclass.Errorf(errclass.BadInput, "%s: size %d is not a multiple of 512", req.FromPath, req.Size)
	}
	if !created {
		if err := c.createPage(ctx, req); err != nil {
			return blobscan.CopyResult{}, err
		}
	}
	pb := c.Client.NewPageBlobClient(req.To)
	sum, err := c.pipe(ctx, req, func(ctx context.Context, off int64, b []byte) error {
		if allZero(b) {
			return nil
		}
		_, err := pb.UploadPages(ctx, streaming.NopCloser(bytes.NewReader(b)), blob.HTTPRange{Offset: off, Count: int64(len(b))}, nil)
		return c.writeErr(err, "write pages of", req.To)
	})
	if err != nil {
		c.dropPartial(ctx, req)
		return blobscan.CopyResult{}, err
	}
	if err := c.seal(ctx, req, hex.EncodeToString(sum)); err != nil {
		return blobscan.CopyResult{}, err
	}
	o, err := c.Properties(ctx, req.To)
	return blobscan.CopyResult{Object: o, Streamed: created, SHA256: sum}, err
}

// streamBlocks uploads a block blob: blocks are staged (invisible) and the
// list is committed with If-None-Match, so the blob appears whole or not at
// all and never replaces another.
func (c *Container) streamBlocks(ctx context.Context, req blobscan.CopyRequest) (blobscan.CopyResult, error) {
	const maxBlocks = 50000
	if n := (req.Size + maxBlocks - 1) / maxBlocks; n > req.RangeSize {
		req.RangeSize = (n + 1<<20 - 1) &^ (1<<20 - 1)
	}
	bb := c.Client.NewBlockBlobClient(req.To)
	var ids []string
	sum, err := c.pipe(ctx, req, func(ctx context.Context, off int64, b []byte) error {
		_, err := bb.StageBlock(ctx, blockID(off/req.RangeSize), streaming.NopCloser(bytes.NewReader(b)), nil)
		return c.writeErr(err, "stage a block of", req.To)
	})
	if err != nil {
		return blobscan.CopyResult{}, err
	}
	for i := int64(0); i*req.RangeSize < req.Size; i++ {
		ids = append(ids, blockID(i))
	}
	_, err = bb.CommitBlockList(ctx, ids, &blockblob.CommitBlockListOptions{
		Metadata:         stamp(req, blobscan.StampComplete, hex.EncodeToString(sum)),
		AccessConditions: ifNoneMatchAny,
	})
	if err != nil {
		return blobscan.CopyResult{}, c.writeErr(err, "commit", req.To)
	}
	o, err := c.Properties(ctx, req.To)
	return blobscan.CopyResult{Object: o, SHA256: sum}, err
}

func blockID(i int64) string {
	return base64.StdEncoding.EncodeToString([]byte(fmt.Sprintf("baklint-%012d", i)))
}

// pipe reads the source in order (hashing it) and hands each range to put,
// at most Concurrency at a time; the source must still be at the planned
// ETag afterwards, or the copy could mix two versions.
func (c *Container) pipe(ctx context.Context, req blobscan.CopyRequest, put func(ctx context.Context, off int64, b []byte) error) ([]byte, error) {
	h := blobscan.NewHash()
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(req.Concurrency)
	rerr := blobscan.ReadChunksIn(gctx, req.Budget, req.From, req.FromPath, req.Size, req.RangeSize, func(off int64, b []byte, done func()) error {
		h.Write(b)
		g.Go(func() error { defer done(); return put(gctx, off, b) })
		return gctx.Err()
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if rerr != nil {
		return nil, rerr
	}
	now, err := req.From.Properties(ctx, req.FromPath)
	if err != nil {
		return nil, err
	}
	if now.ETag != req.FromETag || now.Size != req.Size {
		return nil, fmt.Errorf("%w: source %s changed while it was copied", blobscan.ErrChanged, req.FromPath)
	}
	return h.Sum(nil), nil
}

// seal marks a filled page blob complete, conditional on nobody having
// written to it since.
func (c *Container) seal(ctx context.Context, req blobscan.CopyRequest, sha string) error {
	o, err := c.Properties(ctx, req.To)
	if err != nil {
		return err
	}
	_, err = c.Client.NewBlobClient(req.To).SetMetadata(ctx, stamp(req, blobscan.StampComplete, sha), &blob.SetMetadataOptions{AccessConditions: ifMatch(o.ETag)})
	err = c.writeErr(err, "mark complete", req.To)
	if errors.Is(err, blobscan.ErrChanged) {
		// A retry of a request that succeeded (its response lost) sees the
		// ETag its own success changed.
		if st, serr := c.Stamp(ctx, req.To); serr == nil && st.State == blobscan.StampComplete && st.SourceETag == req.FromETag && st.SHA256 == sha {
			return nil
		}
	}
	return err
}

// dropPartial removes the page blob a failed copy created, while it is
// still stamped partial from this source version, so that nothing a
// migration service could take for a backup is left. A killed run cannot
// do this; the fixer removes its leftovers by the stamp on the next run.
func (c *Container) dropPartial(ctx context.Context, req blobscan.CopyRequest) {
	if ctx.Err() != nil {
		return
	}
	o, err := c.Properties(ctx, req.To)
	if err != nil {
		return
	}
	if st, err := c.Stamp(ctx, req.To); err == nil && st.State == blobscan.StampPartial && st.SourceETag == req.FromETag {
		_ = c.Delete(ctx, req.To, o.ETag)
	}
}

func allZero(b []byte) bool {
	for len(b) >= 8 {
		if b[0]|b[1]|b[2]|b[3]|b[4]|b[5]|b[6]|b[7] != 0 {
			return false
		}
		b = b[8:]
	}
	for _, x := range b {
		if x != 0 {
			return false
		}
	}
	return true
}

// Stamp reads baklint's metadata and the copy status of a blob.
func (c *Container) Stamp(ctx context.Context, p string) (blobscan.Stamp, error) {
	props, err := c.Client.NewBlobClient(p).GetProperties(ctx, nil)
	if err != nil {
		return blobscan.Stamp{}, c.Auth.classify(err, "get properties of", c.BlobURL(p))
	}
	get := func(k string) string {
		for name, v := range props.Metadata {
			if strings.EqualFold(name, k) && v != nil {
				return *v
			}
		}
		return ""
	}
	st := blobscan.Stamp{SourceETag: get(metaSourceETag), State: get(metaState), SHA256: get(metaSHA256)}
	if sp := get(metaSourcePath); sp != "" {
		st.SourcePath, _ = url.PathUnescape(sp)
	}
	if props.CopyStatus != nil {
		st.CopyStatus = string(*props.CopyStatus)
	}
	st.CopyDetail = deref(props.CopyStatusDescription)
	return st, nil
}

// Abandon: uncommitted blocks are invisible and expire on their own, and a
// half-filled page blob carries a "partial" stamp the fixer deals with.
func (c *Container) Abandon(ctx context.Context, p string) error { return nil }

// Delete removes a blob only while it has ETag ifMatch. A blob with
// snapshots is refused by the service, which is right: they are the user's.
func (c *Container) Delete(ctx context.Context, p, etag string) error {
	_, err := c.Client.NewBlobClient(p).Delete(ctx, &blob.DeleteOptions{AccessConditions: ifMatch(etag)})
	err = c.writeErr(err, "delete", p)
	if errors.Is(err, blobscan.ErrChanged) {
		// If-Match on a blob that is gone also fails with 412: that is what
		// a retried delete sees when the first attempt's response was lost.
		if _, perr := c.Properties(ctx, p); errors.Is(perr, blobscan.ErrNotFound) {
			return perr
		}
	}
	return err
}

// writeErr classes the errors of conditional writes before the general
// classification.
func (c *Container) writeErr(err error, op, p string) error {
	if err == nil {
		return nil
	}
	u := c.BlobURL(p)
	switch {
	case bloberror.HasCode(err, bloberror.BlobAlreadyExists):
		return fmt.Errorf("%w: %s", blobscan.ErrExists, u)
	case bloberror.HasCode(err, bloberror.SourceConditionNotMet, bloberror.CannotVerifyCopySource) && isStatus(err, http.StatusPreconditionFailed):
		return fmt.Errorf("%w: the source of %s is no longer the planned version", blobscan.ErrChanged, u)
	case bloberror.HasCode(err, bloberror.ConditionNotMet, bloberror.TargetConditionNotMet):
		if op == "delete" || op == "mark complete" {
			return fmt.Errorf("%w: %s is no longer the expected version; not %sd", blobscan.ErrChanged, u, strings.Fields(op)[0])
		}
		return fmt.Errorf("%w: %s", blobscan.ErrExists, u)
	}
	return c.Auth.classify(err, op, u)
}

func isStatus(err error, code int) bool {
	var re *azcore.ResponseError
	return errors.As(err, &re) && re.StatusCode == code
}

// SASLacks returns the permission letters of want (SAS sp letters: r, l,
// c, w, d) that the container's SAS does not grant, "" when it grants them
// all or there is no SAS (other credentials are checked by the preflight
// instead). A dry run uses it to say, without writing, that --apply would
// be refused.
func (c *Container) SASLacks(want string) string {
	if c.Auth.SAS == "" {
		return ""
	}
	q, err := url.ParseQuery(c.Auth.SAS)
	if err != nil || q.Get("sp") == "" {
		return ""
	}
	var missing []rune
	for _, p := range want {
		if !strings.ContainsRune(q.Get("sp"), p) {
			missing = append(missing, p)
		}
	}
	return string(missing)
}
