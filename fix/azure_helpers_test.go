package fix

import (
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"

	"github.com/baklint/baklint/blobscan/azstore"
	"github.com/baklint/baklint/internal/azfaithful"
	"github.com/baklint/baklint/internal/azurite"
	"github.com/baklint/baklint/internal/testutil"
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
	e.Upload(t, srcName, testutil.ReadTree(t, dir))
	return azContainer(t, e.BlobEndpoint, srcName, nil), azContainer(t, e.BlobEndpoint, dstName, nil)
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
