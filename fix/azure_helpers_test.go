package fix

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/blockblob"

	"github.com/baklint/baklint/blobscan/azstore"
	"github.com/baklint/baklint/internal/azfaithful"
	"github.com/baklint/baklint/internal/azurite"
)

// azContainer opens a container of the emulator at endpoint (Azurite's, or
// a proxy's in front of it) with the account key.
func azContainer(t testing.TB, endpoint, name string, tr policy.Transporter) *azstore.Container {
	t.Helper()
	cred, err := azblob.NewSharedKeyCredential(azurite.Account, azurite.Key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := azstore.NewContainer(azurite.Account, endpoint, name, azstore.Auth{SharedKey: cred}, azstore.Options{TryTimeout: 20 * time.Second, Transport: tr})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// treeAndDest uploads the files under dir to a new container of e and
// returns it with a new, empty destination container, both opened
// straight at Azurite.
func treeAndDest(t testing.TB, e *azurite.Emulator, dir string) (src, dst *azstore.Container) {
	t.Helper()
	srcName, dstName := e.NewContainer(t), e.NewContainer(t)
	uploadTree(t, e, srcName, dir)
	return azContainer(t, e.BlobEndpoint, srcName, nil), azContainer(t, e.BlobEndpoint, dstName, nil)
}

// uploadTree uploads every file under dir as a block blob named by its
// relative path.
func uploadTree(t testing.TB, e *azurite.Emulator, container, dir string) {
	t.Helper()
	cl := e.Client(t)
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		_, err = cl.UploadBuffer(context.Background(), container, filepath.ToSlash(rel), b, &azblob.UploadBufferOptions{BlockSize: 4 << 20})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func uploadBlob(t testing.TB, e *azurite.Emulator, container, name string, b []byte) {
	t.Helper()
	if _, err := e.Client(t).UploadBuffer(context.Background(), container, name, b, &blockblob.UploadBufferOptions{}); err != nil {
		t.Fatal(err)
	}
}

// faithful starts an azfaithful proxy in front of the emulator: the Azure
// behaviour Azurite lacks (Put Page From URL, pending copies, the
// copy-source rule). Containers opened at its Endpoint go through it.
func faithful(t testing.TB, e *azurite.Emulator, opts azfaithful.Options) *azfaithful.Proxy {
	t.Helper()
	opts.Upstream, opts.Account, opts.Key = e.BlobEndpoint, azurite.Account, azurite.Key
	p, err := azfaithful.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}
