package fix

import (
	"context"

	"github.com/baklint/baklint/blobscan"
)

// ContentHasher returns a PlanOptions.ContentHash over r: the Content-MD5
// the service stores for a blob (one Properties call; blobs uploaded in
// blocks often have none, and then the planner stays conservative), or a
// SHA-256 of a local file.
func ContentHasher(ctx context.Context, r blobscan.Reader, local bool) func(path string) []byte {
	return func(p string) []byte {
		o, err := r.Properties(ctx, p)
		if err != nil {
			return nil
		}
		if !local {
			return o.ContentMD5
		}
		sum, err := blobscan.HashObject(ctx, r, p, o.Size)
		if err != nil {
			return nil
		}
		return sum
	}
}
