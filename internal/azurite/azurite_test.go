package azurite

import (
	"context"
	"os"
	"strings"
	"testing"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

func TestEmulatorAcceptsAnUploadAndListsIt(t *testing.T) {
	e := Get(t)
	c := e.Client(t)
	name := e.NewContainer(t)
	ctx := context.Background()
	e.Upload(t, name, map[string][]byte{"a/b.bak": []byte("hello")})
	pager := c.NewListBlobsFlatPager(name, nil)
	var got []string
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range page.Segment.BlobItems {
			got = append(got, *b.Name)
		}
	}
	if strings.Join(got, ",") != "a/b.bak" {
		t.Fatalf("listed %v, want [a/b.bak]", got)
	}
	if !strings.HasPrefix(e.BlobEndpoint, "http://127.0.0.1:") {
		t.Fatalf("endpoint %s is not loopback", e.BlobEndpoint)
	}
}
