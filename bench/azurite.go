package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/pageblob"
	"golang.org/x/sync/errgroup"

	"github.com/baklint/baklint/blobscan/azstore"
	"github.com/baklint/baklint/internal/azurite"
	"github.com/baklint/baklint/internal/fakeblob"
)

var (
	azuriteCmd *exec.Cmd
	azuriteEP  string
)

// azuriteEndpoint returns BAKLINT_AZURITE_ENDPOINT, or starts an in-memory
// Azurite from node_modules on a loopback port.
func azuriteEndpoint() (string, error) {
	if azuriteEP != "" {
		return azuriteEP, nil
	}
	if ep := os.Getenv("BAKLINT_AZURITE_ENDPOINT"); ep != "" {
		azuriteEP = strings.TrimRight(ep, "/")
		return azuriteEP, nil
	}
	e, cmd, err := azurite.StartProcess()
	if err != nil {
		return "", fmt.Errorf("no Azurite (run npm ci, or set BAKLINT_AZURITE_ENDPOINT): %w", err)
	}
	azuriteCmd = cmd
	azuriteEP = e.BlobEndpoint
	return azuriteEP, nil
}

// stopAzurite kills the Azurite this process started, by its PID.
func stopAzurite() {
	if azuriteCmd != nil && azuriteCmd.Process != nil {
		_ = azuriteCmd.Process.Kill()
		_, _ = azuriteCmd.Process.Wait()
	}
}

func sharedKey() azstore.Auth {
	cred, err := azblob.NewSharedKeyCredential(azurite.Account, azurite.Key)
	if err != nil {
		panic(err)
	}
	return azstore.Auth{SharedKey: cred}
}

func azClient(endpoint string) (*azblob.Client, error) {
	return azblob.NewClientWithSharedKeyCredential(endpoint+"/", sharedKey().SharedKey, nil)
}

// createContainer creates a container named kind and a random suffix.
func createContainer(ctx context.Context, cl *azblob.Client, kind string) (string, error) {
	var b [4]byte
	_, _ = rand.Read(b[:])
	name := kind + hex.EncodeToString(b[:])
	_, err := cl.CreateContainer(ctx, name, nil)
	return name, err
}

// azNewContainer connects to the Azurite at endpoint and creates a
// container named after kind.
func azNewContainer(ctx context.Context, endpoint, kind string) (*azblob.Client, string, error) {
	cl, err := azClient(endpoint)
	if err != nil {
		return nil, "", err
	}
	name, err := createContainer(ctx, cl, kind)
	return cl, name, err
}

// azContainer opens a container through azstore with the counting transport.
func azContainer(endpoint, name string, conc int, ct *counter) (*azstore.Container, error) {
	return azstore.NewContainer(azurite.Account, endpoint, name, sharedKey(), azstore.Options{Concurrency: conc, TryTimeout: 2 * time.Minute, Transport: ct})
}

// seedSparsePageBlobs writes n page blobs of size bytes whose content is a
// synthesized backup: only the pages that are not zero are uploaded (the
// data blocks of a synthesized backup are zeros), so Azurite holds a few
// KiB per file and 10,000 files of 1 MiB seed in seconds.
func seedSparsePageBlobs(ctx context.Context, cl *azblob.Client, container string, ns fakeblob.Namespace) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(16)
	templates := map[int][]byte{}
	for i := range ns.Len() {
		b := ns.At(i)
		leaf := i / ns.PerFolder
		data, ok := templates[leaf]
		if !ok {
			data = synthesize(ns, b)
			templates[leaf] = data
		}
		name := ns.Name(i)
		g.Go(func() error {
			pb := cl.ServiceClient().NewContainerClient(container).NewPageBlobClient(name)
			if _, err := pb.Create(gctx, ns.Size, nil); err != nil {
				return fmt.Errorf("create %s: %w", name, err)
			}
			for _, r := range nonZeroRuns(data, 512, 4<<20) {
				body := data[r[0]:r[1]]
				_, err := pb.UploadPages(gctx, readSeekNopCloser(body), azblob.HTTPRange{Offset: int64(r[0]), Count: int64(len(body))}, &pageblob.UploadPagesOptions{})
				if err != nil {
					return fmt.Errorf("pages of %s: %w", name, err)
				}
			}
			return nil
		})
	}
	return g.Wait()
}

// nonZeroRuns returns [start, end) runs of page-aligned chunks that hold a
// non-zero byte, each at most max long.
func nonZeroRuns(data []byte, page, max int) [][2]int {
	var runs [][2]int
	zero := make([]byte, page)
	start := -1
	for off := 0; off < len(data); off += page {
		end := min(off+page, len(data))
		nz := !bytes.Equal(data[off:end], zero[:end-off])
		switch {
		case nz && start < 0:
			start = off
		case !nz && start >= 0:
			runs = append(runs, [2]int{start, off})
			start = -1
		}
		if start >= 0 && end-start >= max {
			runs = append(runs, [2]int{start, end})
			start = -1
		}
	}
	if start >= 0 {
		runs = append(runs, [2]int{start, len(data)})
	}
	return runs
}

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }

func readSeekNopCloser(b []byte) nopCloser { return nopCloser{bytes.NewReader(b)} }

func proxyEndpoint(listen string) string {
	return (&url.URL{Scheme: "http", Host: listen, Path: "/" + azurite.Account}).String()
}
