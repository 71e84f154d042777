package azstore

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/service"
)

// One user delegation key serves a run: copies of thousands of blobs do not
// each ask the service for one, and the key is replaced before a SAS signed
// with it could outlive it.
func TestOneUserDelegationKeyServesARunAndIsReplacedBeforeItExpires(t *testing.T) {
	var fetches atomic.Int64
	var lastExpiry time.Time
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	u := newUDKCache(func(_ context.Context, start, expiry time.Time) (*service.UserDelegationCredential, error) {
		fetches.Add(1)
		lastExpiry = expiry
		if !start.Before(clock) || expiry.Sub(clock) > 7*24*time.Hour {
			t.Errorf("key asked for %v..%v at %v: must start before now and live at most 7 days", start, expiry, clock)
		}
		return new(service.UserDelegationCredential), nil
	})
	u.now = func() time.Time { return clock }

	var wg sync.WaitGroup
	creds := make([]*service.UserDelegationCredential, 200)
	for i := range creds {
		wg.Go(func() {
			c, err := u.get(context.Background())
			if err != nil {
				t.Error(err)
			}
			creds[i] = c
		})
	}
	wg.Wait()
	if n := fetches.Load(); n != 1 {
		t.Fatalf("%d keys fetched for 200 blobs, want 1", n)
	}
	for _, c := range creds {
		if c != creds[0] {
			t.Fatal("blobs signed with different keys")
		}
	}
	// Still good while a new SAS (copySASLifetime) ends before the key.
	clock = lastExpiry.Add(-udkRefresh - time.Minute)
	if _, _ = u.get(context.Background()); fetches.Load() != 1 {
		t.Fatalf("key replaced while it had %v left", udkRefresh+time.Minute)
	}
	if clock.Add(copySASLifetime).After(lastExpiry) {
		t.Fatal("a SAS signed now would outlive the key")
	}
	clock = lastExpiry.Add(-udkRefresh + time.Minute)
	c, err := u.get(context.Background())
	if err != nil || fetches.Load() != 2 || c == creds[0] {
		t.Fatalf("near its expiry the key was not replaced (%d fetches, %v)", fetches.Load(), err)
	}
}

func TestAFailedUserDelegationKeyRequestIsRetriedByTheNextCopy(t *testing.T) {
	fail := true
	n := 0
	u := newUDKCache(func(context.Context, time.Time, time.Time) (*service.UserDelegationCredential, error) {
		n++
		if fail {
			return nil, errors.New("403")
		}
		return new(service.UserDelegationCredential), nil
	})
	if _, err := u.get(context.Background()); err == nil {
		t.Fatal("the error was lost")
	}
	fail = false
	if c, err := u.get(context.Background()); err != nil || c == nil || n != 2 {
		t.Fatalf("retry: %v %v after %d requests", c, err, n)
	}
}
