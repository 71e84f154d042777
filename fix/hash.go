package fix

import (
	"context"
	"crypto/sha256"

	"github.com/baklint/baklint/blobscan"
)

// ContentHasher returns a PlanOptions.ContentHash over r: the Content-MD5
// the service stores for a blob (one Properties call; blobs uploaded in
// blocks often have none, and then the planner stays conservative), or a
// SHA-256 of a local file, read in 4 MiB ranges.
func ContentHasher(ctx context.Context, r blobscan.Reader, local bool) func(path string) []byte {
	return func(p string) []byte {
		o, err := r.Properties(ctx, p)
		if err != nil {
			return nil
		}
		if !local {
			return o.ContentMD5
		}
		const chunk = 4 << 20
		h := sha256.New()
		for off := int64(0); off < o.Size; off += chunk {
			b, err := r.ReadRange(ctx, p, off, min(chunk, o.Size-off))
			if err != nil {
				return nil
			}
			h.Write(b)
		}
		return h.Sum(nil)
	}
}
