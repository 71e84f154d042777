package azstore

import (
	"context"
	"sync"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/sas"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/service"
)

// A user delegation key may live up to seven days. One key serves a whole
// run; it is replaced before fewer than copySASLifetime plus a margin are
// left, so that every SAS signed with it expires before it does.
const (
	udkLifetime = 6 * 24 * time.Hour
	udkRefresh  = copySASLifetime + time.Hour
)

// udkCache holds the user delegation key that signs copy-source SAS for an
// Entra ID login: one Get User Delegation Key per run, not one per blob.
type udkCache struct {
	mu     sync.Mutex
	cred   *service.UserDelegationCredential
	expiry time.Time
	// fetch asks the service for a key valid from start to expiry.
	fetch func(ctx context.Context, start, expiry time.Time) (*service.UserDelegationCredential, error)
	now   func() time.Time
}

func newUDKCache(fetch func(ctx context.Context, start, expiry time.Time) (*service.UserDelegationCredential, error)) *udkCache {
	return &udkCache{fetch: fetch, now: time.Now}
}

// get returns the key, asking for a new one when none is held or the one
// held is too close to its expiry. Concurrent callers share one request.
func (u *udkCache) get(ctx context.Context) (*service.UserDelegationCredential, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	now := u.now().UTC()
	if u.cred != nil && now.Add(udkRefresh).Before(u.expiry) {
		return u.cred, nil
	}
	start, expiry := now.Add(-5*time.Minute), now.Add(udkLifetime)
	cred, err := u.fetch(ctx, start, expiry)
	if err != nil {
		return nil, err
	}
	u.cred, u.expiry = cred, expiry
	return cred, nil
}

// fetchUDK is the real fetch: Get User Delegation Key on the account.
func (c *Container) fetchUDK(svc *service.Client) func(ctx context.Context, start, expiry time.Time) (*service.UserDelegationCredential, error) {
	return func(ctx context.Context, start, expiry time.Time) (*service.UserDelegationCredential, error) {
		return svc.GetUserDelegationCredential(ctx, service.KeyInfo{Start: ptr(start.Format(sas.TimeFormat)), Expiry: ptr(expiry.Format(sas.TimeFormat))}, nil)
	}
}
