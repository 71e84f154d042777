package azstore

import (
	"context"
	"errors"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// tokenError marks a failure to get an Entra ID token. The SDK passes such
// failures on untyped, and a network error inside one (an unreachable
// identity endpoint) must not read as "cannot reach the storage account".
type tokenError struct{ err error }

func (e *tokenError) Error() string { return e.err.Error() }
func (e *tokenError) Unwrap() error { return e.err }

type markedCredential struct{ azcore.TokenCredential }

func (c markedCredential) GetToken(ctx context.Context, opts policy.TokenRequestOptions) (azcore.AccessToken, error) {
	tk, err := c.TokenCredential.GetToken(ctx, opts)
	if err != nil && !errors.Is(err, context.Canceled) {
		err = &tokenError{err}
	}
	return tk, err
}

// mark wraps the credential once, so Auth values can be copied freely.
func mark(c azcore.TokenCredential) azcore.TokenCredential {
	if _, ok := c.(markedCredential); ok || c == nil {
		return c
	}
	return markedCredential{c}
}
