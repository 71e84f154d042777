package store

import (
	"strings"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/errclass"
)

// connString is what baklint takes from a storage connection string.
type connString struct {
	account, key, sas string
	endpoint          blobscan.Location // KindAccount
}

// parseConnString reads the fields Azure documents. Errors never echo the
// string: it holds the account key.
func parseConnString(s string) (connString, error) {
	kv := map[string]string{}
	for _, part := range strings.Split(strings.TrimSpace(s), ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return connString{}, errclass.Errorf(errclass.BadInput, "the connection string is malformed: expected Name=Value pairs separated by ';'")
		}
		kv[strings.ToLower(strings.TrimSpace(k))] = strings.TrimSpace(v)
	}
	if strings.EqualFold(kv["usedevelopmentstorage"], "true") {
		return connString{}, errclass.Errorf(errclass.BadInput, "UseDevelopmentStorage=true is not supported: give AccountName, AccountKey and BlobEndpoint explicitly")
	}
	cs := connString{account: kv["accountname"], key: kv["accountkey"], sas: strings.TrimPrefix(kv["sharedaccesssignature"], "?")}
	endpoint := kv["blobendpoint"]
	if endpoint == "" {
		if cs.account == "" {
			return connString{}, errclass.Errorf(errclass.BadInput, "the connection string names neither AccountName nor BlobEndpoint")
		}
		proto, suffix := kv["defaultendpointsprotocol"], kv["endpointsuffix"]
		if proto == "" {
			proto = "https"
		}
		if suffix == "" {
			suffix = "core.windows.net"
		}
		endpoint = proto + "://" + cs.account + ".blob." + suffix
	}
	loc, err := blobscan.ParseLocation(endpoint)
	if err != nil || loc.Kind != blobscan.KindAccount || loc.SAS != "" {
		return connString{}, errclass.Errorf(errclass.BadInput, "the connection string's blob endpoint %s is not an account endpoint like https://ACCOUNT.blob.core.windows.net", blobscan.Redact(endpoint))
	}
	cs.endpoint = loc
	if cs.account == "" {
		cs.account = loc.Account
	}
	if cs.key == "" && cs.sas == "" {
		return connString{}, errclass.Errorf(errclass.BadInput, "the connection string has neither AccountKey nor SharedAccessSignature")
	}
	return cs, nil
}

// matches reports whether the connection string is for the account of loc.
func (cs connString) matches(loc blobscan.Location) bool {
	e := cs.endpoint
	return e.Scheme == loc.Scheme && e.Host == loc.Host && e.PathStyle == loc.PathStyle &&
		e.Account == loc.Account && cs.account == loc.Account
}
