package azstore

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/bloberror"

	"github.com/baklint/baklint/blobscan"
)

// opError is one line for the user (the SDK's own messages span a dozen
// lines) that still unwraps to its class and to the SDK error.
type opError struct {
	msg  string
	errs []error
}

func (e *opError) Error() string   { return e.msg }
func (e *opError) Unwrap() []error { return e.errs }

// classify turns an SDK error from op on target (a URL without SAS) into a
// classed, one-line, secret-free error that says what to do.
func (a *Auth) classify(err error, op, target string) error {
	if err == nil {
		return nil
	}
	wrap := func(class error, detail, hint string) error {
		msg := fmt.Sprintf("%v: %s %s: %s", class, op, target, detail)
		if hint != "" {
			msg += ": " + hint
		}
		return &opError{msg: blobscan.RedactLine(msg), errs: []error{class, err}}
	}
	if errors.Is(err, context.Canceled) {
		return &opError{msg: fmt.Sprintf("%s %s: interrupted", op, target), errs: []error{err}}
	}
	var re *azcore.ResponseError
	if errors.As(err, &re) {
		detail := fmt.Sprintf("HTTP %d", re.StatusCode)
		if re.ErrorCode != "" {
			detail += " " + re.ErrorCode
		}
		switch {
		case bloberror.HasCode(err, bloberror.ContainerNotFound):
			return wrap(blobscan.ErrNotFound, "container not found", "check the container name and the account in the URL")
		case re.StatusCode == http.StatusNotFound && (bloberror.HasCode(err, bloberror.BlobNotFound) || re.ErrorCode == ""):
			return wrap(blobscan.ErrNotFound, "blob not found", "")
		case re.StatusCode == http.StatusUnauthorized || re.StatusCode == http.StatusForbidden:
			return wrap(blobscan.ErrAuth, detail+a.sasExpiry(), a.authHint(op))
		case re.StatusCode == http.StatusNotFound:
			return wrap(blobscan.ErrNotFound, detail, "check the account name in the URL")
		}
		return wrap(blobscan.ErrStorage, detail, "retry later; if it persists, check the storage account's health in the Azure portal")
	}
	var te *tokenError
	if errors.As(err, &te) {
		detail := "no usable Azure credential"
		var afe *azidentity.AuthenticationFailedError
		if errors.As(err, &afe) {
			detail = "Entra ID sign-in failed"
		}
		return wrap(blobscan.ErrAuth, detail, a.authHint(op))
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return wrap(blobscan.ErrStorage, "timed out", "check the URL, the network and any firewall or private endpoint in front of the account")
	}
	var ne net.Error
	var ue *url.Error
	if errors.As(err, &ne) || errors.As(err, &ue) {
		return wrap(blobscan.ErrStorage, "cannot reach the service ("+netReason(err)+")", "check the URL, DNS and network, and any firewall in front of the account")
	}
	return wrap(blobscan.ErrStorage, blobscan.Redact(err.Error()), "")
}

// readOps are what scan and lint do; anything else writes for the fixer
// and needs more than a Read+List SAS or the Reader role.
var readOps = map[string]bool{"list": true, "list containers of": true, "read": true, "get properties of": true, "open": true}

func (a *Auth) authHint(op string) string {
	perms, role := "Read and List on this container", "Storage Blob Data Reader"
	if !readOps[op] {
		perms, role = "Read, List, Create and Write on this container (and Delete for --delete-source)", "Storage Blob Data Contributor"
	}
	switch {
	case a.SAS != "":
		return "check the SAS expiry and that it grants " + perms
	case a.SharedKey != nil:
		return "check the account key (--account-key, AZURE_STORAGE_KEY or the connection string) and that it belongs to this account"
	case a.Token != nil:
		return "sign in with `az login` (or give a SAS URL, --connection-string or --account-key) and make sure your identity has the " + role + " role on the account"
	}
	return ""
}

// sasExpiry points at the likeliest cause of a refused SAS.
func (a *Auth) sasExpiry() string {
	if a.SAS == "" {
		return ""
	}
	q, err := url.ParseQuery(a.SAS)
	if err != nil {
		return ""
	}
	se, err := time.Parse(time.RFC3339, q.Get("se"))
	if err != nil {
		if se, err = time.Parse("2006-01-02", q.Get("se")); err != nil {
			return ""
		}
	}
	if time.Now().After(se) {
		return " (the SAS expired at " + se.UTC().Format(time.RFC3339) + ")"
	}
	return ""
}

// netReason is the innermost network message, without the request URL the
// *url.Error wrapper would print (and with it the SAS).
func netReason(err error) string {
	for {
		var ue *url.Error
		if !errors.As(err, &ue) {
			break
		}
		err = ue.Err
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		return oe.Op + ": " + oe.Err.Error()
	}
	return err.Error()
}

// isFatal: these end a whole walk, since every other folder would fail the
// same way; anything else (a timeout, a 500 after retries) is one folder's
// problem.
func isFatal(ctx context.Context, err error) bool {
	return ctx.Err() != nil || errors.Is(err, blobscan.ErrAuth) || errors.Is(err, blobscan.ErrNotFound)
}
