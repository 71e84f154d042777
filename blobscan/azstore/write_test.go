package azstore_test

import (
	"testing"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/blobscan/azstore"
	"github.com/baklint/baklint/blobscan/blobscantest"
	"github.com/baklint/baklint/internal/azfaithful"
	"github.com/baklint/baklint/internal/azurite"
	"github.com/baklint/baklint/internal/testutil"
)

// The Azure Writer conforms whatever way the bytes take: streamed from a
// local folder, copied server-side from a container on Azurite (Copy Blob;
// conversions stream, as Azurite lacks Put Page From URL), and through the
// azfaithful proxy (pending Copy Blob, conversions by Put Page From URL).
func TestContainerConformsToWriter(t *testing.T) {
	azureTypes := []string{blobscan.BlockBlob, blobscan.PageBlob}
	t.Run("from a local folder", func(t *testing.T) {
		blobscantest.RunWriterConformance(t, func(t *testing.T) blobscantest.WriterStore {
			_, dst, putDst := newContainer(t, azstore.Options{})
			dir := t.TempDir()
			src, err := blobscan.NewLocal(dir)
			if err != nil {
				t.Fatal(err)
			}
			return blobscantest.WriterStore{Dst: dst, PutDst: putDst, Src: src, PutSrc: func(p string, b []byte) { testutil.WriteTree(t, dir, map[string][]byte{p: b}) },
				Types: azureTypes, Stamps: true}
		})
	})
	t.Run("from a container", func(t *testing.T) {
		blobscantest.RunWriterConformance(t, func(t *testing.T) blobscantest.WriterStore {
			_, dst, putDst := newContainer(t, azstore.Options{})
			_, src, putSrc := newContainer(t, azstore.Options{})
			return blobscantest.WriterStore{Dst: dst, PutDst: putDst, Src: src, PutSrc: putSrc, Types: azureTypes, Stamps: true}
		})
	})
	t.Run("from a container through azfaithful", func(t *testing.T) {
		e := azurite.Get(t)
		p, err := azfaithful.Start(azfaithful.Options{Upstream: e.BlobEndpoint, Account: azurite.Account, Key: azurite.Key})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { p.Close() })
		blobscantest.RunWriterConformance(t, func(t *testing.T) blobscantest.WriterStore {
			_, dst, putDst := newContainer(t, azstore.Options{})
			_, src, putSrc := newContainer(t, azstore.Options{})
			at := func(c *azstore.Container) *azstore.Container {
				c2, err := azstore.NewContainer(azurite.Account, p.Endpoint(), c.Name, sharedKey(t), azstore.Options{})
				if err != nil {
					t.Fatal(err)
				}
				return c2
			}
			return blobscantest.WriterStore{Dst: at(dst), PutDst: putDst, Src: at(src), PutSrc: putSrc, Types: azureTypes, Stamps: true}
		})
		if s := p.Stats(); s.PutPageFromURL == 0 || s.CopyBlob == 0 {
			t.Errorf("proxy stats %+v: the server-side paths did not run", s)
		}
	})
}
