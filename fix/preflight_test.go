package fix

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/sas"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/blobscan/azstore"
	"github.com/baklint/baklint/errclass"
	"github.com/baklint/baklint/internal/azurite"
	"github.com/baklint/baklint/internal/testutil"
)

// sasContainer opens a container of the emulator with a container SAS
// granting perms.
func sasContainer(t *testing.T, e *azurite.Emulator, name string, perms sas.ContainerPermissions) *azstore.Container {
	t.Helper()
	q := azurite.ContainerSAS(t, name, perms, time.Time{}, time.Now().Add(time.Hour))
	c, err := azstore.NewContainer(azurite.Account, e.BlobEndpoint, name, azstore.Auth{SAS: q}, azstore.Options{TryTimeout: 20 * time.Second, Transport: policy.Transporter(nil)})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestApplyStopsAtOnceWithOneLineWhenAccessIsRefused: SPEC §8.7. A
// credential that cannot write the destination or read the source stops
// the run before its first copy, with one line naming the permission, an
// error of class ErrAuth (exit 3), no SAS in it and nothing written.
func TestApplyStopsAtOnceWithOneLineWhenAccessIsRefused(t *testing.T) {
	ctx := context.Background()
	e := azurite.Get(t)
	for _, tc := range []struct {
		name     string
		open     func(t *testing.T, src, dst string) (blobscan.Reader, blobscan.Writer)
		wantWord string
	}{
		{"a read-only destination SAS", func(t *testing.T, src, dst string) (blobscan.Reader, blobscan.Writer) {
			return azContainer(t, e.BlobEndpoint, src, nil), sasContainer(t, e, dst, sas.ContainerPermissions{Read: true, List: true})
		}, "Write"},
		{"a source SAS without Read", func(t *testing.T, src, dst string) (blobscan.Reader, blobscan.Writer) {
			return sasContainer(t, e, src, sas.ContainerPermissions{List: true}), azContainer(t, e.BlobEndpoint, dst, nil)
		}, "Read"},
		{"a missing destination container the SAS cannot create", func(t *testing.T, src, dst string) (blobscan.Reader, blobscan.Writer) {
			return azContainer(t, e.BlobEndpoint, src, nil), sasContainer(t, e, "missing"+dst, sas.ContainerPermissions{Read: true, List: true, Write: true, Create: true})
		}, "cannot create it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srcName, dstName := e.NewContainer(t), e.NewContainer(t)
			e.Upload(t, srcName, testutil.ReadTree(t, testutil.SharedData(t, olaTree+"/db2")))
			src, dst := tc.open(t, srcName, dstName)
			d := Plan(folderInventory(t, azContainer(t, e.BlobEndpoint, srcName, nil)), vm2019, Dest{Display: dst.Location()}, PlanOptions{})
			if len(d.Moves) == 0 {
				t.Fatal("nothing planned")
			}
			journal := t.TempDir() + "/plan.journal"
			s, err := Apply(ctx, d, src, dst, ApplyOptions{Journal: journal})
			if !errors.Is(err, errclass.Auth) || s != nil {
				t.Fatalf("Apply: %+v %v, want an ErrAuth error and no summary", s, err)
			}
			msg := err.Error()
			if strings.ContainsAny(msg, "\r\n") || !strings.Contains(msg, tc.wantWord) || strings.Contains(msg, "sig=") {
				t.Errorf("error %q: want one line naming %q, without the SAS", msg, tc.wantWord)
			}
			if n := len(listAll(t, azContainer(t, e.BlobEndpoint, dstName, nil))); n != 0 {
				t.Errorf("%d blobs written before the refusal", n)
			}
			if _, err := os.Stat(journal); err == nil {
				t.Error("a journal was started for a run that could not begin")
			}
		})
	}
}

func TestApplyCreatesAMissingDestinationContainer(t *testing.T) {
	ctx := context.Background()
	e := azurite.Get(t)
	srcName := e.NewContainer(t)
	e.Upload(t, srcName, testutil.ReadTree(t, testutil.SharedData(t, olaTree+"/db2")))
	src := azContainer(t, e.BlobEndpoint, srcName, nil)
	dst := azContainer(t, e.BlobEndpoint, "new"+srcName, nil)
	if err := dst.Ready(ctx); !errors.Is(err, errclass.NotFound) {
		t.Fatalf("the destination container exists already: %v", err)
	}
	d := Plan(folderInventory(t, src), vm2019, Dest{Display: dst.Location()}, PlanOptions{})
	var notes events
	s, err := Apply(ctx, d, src, dst, ApplyOptions{OnEvent: notes.add})
	if err != nil || !s.Complete() || s.Moved != len(d.Moves) {
		t.Fatalf("%+v %v", s, err)
	}
	if !notes.noted("created the destination container " + dst.Location()) {
		t.Errorf("the run did not say it created the container: %+v", notes)
	}
	if n := len(listAll(t, dst)); n != len(d.Moves) {
		t.Errorf("%d blobs in the new container, want %d", n, len(d.Moves))
	}
}
