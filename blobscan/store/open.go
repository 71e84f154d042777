// Package store opens a SOURCE or DEST string (SPEC §2): it parses it, picks
// the credential, and checks with one cheap request that the location can be
// read, so a wrong key or an unreachable endpoint is reported before a scan.
package store

import (
	"context"
	"os"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/bloberror"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/blobscan/azstore"
	"github.com/baklint/baklint/errclass"
)

// Options are the credential flags. Empty fields fall back to the
// AZURE_STORAGE_CONNECTION_STRING and AZURE_STORAGE_KEY variables.
type Options struct {
	ConnectionString string
	AccountKey       string
	Concurrency      int
	// TryTimeout and Transport are passed to azstore (tests count requests).
	TryTimeout time.Duration
	Transport  policy.Transporter
	// MissingOK: a container that does not exist is opened anyway and
	// reported in Source.Missing (a fix destination that apply creates).
	MissingOK bool
}

// Source is an opened location.
type Source struct {
	// Display is the location as shown to users, never with a SAS.
	Display string
	// Prefix is the PREFIX of a container URL ("" otherwise); the readers
	// are already scoped to it.
	Prefix string
	// Readers has one Reader per container (one for a local folder; none
	// for an account without containers). Azure readers are *azstore.Container.
	Readers []blobscan.Reader
	// Location is the parsed SOURCE. It may hold a SAS: never print it whole.
	Location blobscan.Location
	// Account is set for Azure sources.
	Account *azstore.Account
	// Credential says which credential was picked (Cred* constants), for
	// messages; "" for a local folder.
	Credential string
	// Missing: the container does not exist (only with Options.MissingOK).
	Missing bool
}

// Credential kinds, in the order SPEC §2 tries them.
const (
	CredSAS              = "SAS in the URL"
	CredConnectionString = "connection string"
	CredAccountKey       = "account key"
	CredDefault          = "DefaultAzureCredential"
)

// Open parses raw, picks the credential and probes the location. Errors
// wrap blobscan.ErrBadInput (exit 2) or blobscan.ErrStorage (exit 3).
func Open(ctx context.Context, raw string, opts Options) (*Source, error) {
	loc, err := blobscan.ParseLocation(raw)
	if err != nil {
		return nil, err
	}
	src := &Source{Display: loc.Display(), Location: loc, Prefix: loc.Prefix}
	if loc.Kind == blobscan.KindLocal {
		l, err := blobscan.NewLocal(loc.Path)
		if err != nil {
			return nil, err
		}
		if opts.Concurrency > 0 {
			l.Concurrency = opts.Concurrency
		}
		src.Readers = []blobscan.Reader{l}
		return src, nil
	}
	auth, serviceURL, kind, err := credential(loc, opts)
	if err != nil {
		return nil, err
	}
	src.Credential = kind
	acct, err := azstore.NewAccount(loc.Account, serviceURL, auth, azstore.Options{
		Concurrency: opts.Concurrency, TryTimeout: opts.TryTimeout, Transport: opts.Transport,
	})
	if err != nil {
		return nil, err
	}
	src.Account = acct
	if loc.Kind == blobscan.KindAccount {
		names, err := acct.ListContainersProbed(ctx)
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			c, err := acct.Container(n)
			if err != nil {
				return nil, err
			}
			src.Readers = append(src.Readers, c)
		}
		return src, nil
	}
	c, err := acct.Container(loc.Container)
	if err != nil {
		return nil, err
	}
	c.Scope = loc.Prefix
	if err := c.Probe(ctx); err != nil {
		if !opts.MissingOK || !bloberror.HasCode(err, bloberror.ContainerNotFound) {
			return nil, err
		}
		src.Missing = true
	}
	src.Readers = []blobscan.Reader{c}
	return src, nil
}

// credential applies SPEC §2: a SAS in the URL; a connection string; an
// account key; DefaultAzureCredential. It returns the service URL to use,
// and which kind was picked.
func credential(loc blobscan.Location, opts Options) (azstore.Auth, string, string, error) {
	if loc.SAS != "" {
		return azstore.Auth{SAS: loc.SAS}, loc.ServiceURL(), CredSAS, nil
	}
	if s := firstNonEmpty(opts.ConnectionString, os.Getenv("AZURE_STORAGE_CONNECTION_STRING")); s != "" {
		cs, err := parseConnString(s)
		if err != nil {
			return azstore.Auth{}, "", "", err
		}
		if !cs.matches(loc) {
			return azstore.Auth{}, "", "", errclass.Errorf(errclass.BadInput, "the connection string is for %s, but the location is %s: give the connection string of that account, or --account-key", cs.endpoint.ServiceURL(), loc.ServiceURL())
		}
		if cs.key != "" {
			cred, err := sharedKey(cs.account, cs.key, "the connection string's AccountKey")
			return azstore.Auth{SharedKey: cred}, loc.ServiceURL(), CredConnectionString, err
		}
		return azstore.Auth{SAS: cs.sas}, loc.ServiceURL(), CredConnectionString, nil
	}
	if k := firstNonEmpty(opts.AccountKey, os.Getenv("AZURE_STORAGE_KEY")); k != "" {
		cred, err := sharedKey(loc.Account, k, "the account key")
		return azstore.Auth{SharedKey: cred}, loc.ServiceURL(), CredAccountKey, err
	}
	if loc.Scheme != "https" {
		// The SDK refuses a bearer token over plain http with a message
		// about "non-TLS protected endpoints" that does not say what to
		// do. Nothing was sent yet: the command line lacks a credential.
		return azstore.Auth{}, "", "", errclass.Errorf(errclass.BadInput, "no credential for %s: Entra ID sign-in (az login) works only over https; add a SAS to the URL (?sv=…&sig=…), or give --connection-string or --account-key (or AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_KEY)", loc.Display())
	}
	cred, err := azidentity.NewDefaultAzureCredential(nil)
	if err != nil {
		return azstore.Auth{}, "", "", errclass.Errorf(errclass.Auth, "no Azure credential for %s: %s: sign in with `az login`, or give a SAS URL, --connection-string or --account-key", loc.Display(), blobscan.RedactLine(err.Error()))
	}
	return azstore.Auth{Token: cred}, loc.ServiceURL(), CredDefault, nil
}

func sharedKey(account, key, what string) (*azblob.SharedKeyCredential, error) {
	cred, err := azblob.NewSharedKeyCredential(account, key)
	if err != nil {
		// The SDK's message quotes nothing secret, but say it our way anyway.
		return nil, errclass.Errorf(errclass.BadInput, "%s for account %s is not valid base64: copy it again from the portal (Access keys)", what, account)
	}
	return cred, nil
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Local reports whether the source is a local folder, from its Location:
// the one place that says so.
func (s *Source) Local() bool { return s.Location.Kind == blobscan.KindLocal }
