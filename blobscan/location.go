package blobscan

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"

	"github.com/baklint/baklint/errclass"
)

// LocationKind tells the three forms of SOURCE/DEST apart (SPEC §2). The
// zero Location is none of them: a hand-built inventory without one is
// neither a local folder nor an account.
type LocationKind int

const (
	KindLocal     LocationKind = iota + 1 // a local folder
	KindContainer                         // one container, maybe narrowed by a prefix
	KindAccount                           // every container of an account
)

// Location is a parsed SOURCE or DEST. It holds the SAS, if any, so it must
// only be shown through Display.
type Location struct {
	Kind LocationKind
	// Path is the local folder as given (KindLocal only).
	Path string
	// Scheme and Host ("127.0.0.1:10000" or "acct.blob.core.windows.net").
	Scheme, Host string
	// PathStyle: the account is the first path segment (emulator URLs).
	PathStyle bool
	Account   string
	Container string
	// Prefix narrows the scan; it is relative to the container root and
	// keeps its trailing '/', if one was given.
	Prefix string
	// SAS is the raw query string without '?', "" when none. Secret.
	SAS string
}

// Azure's public and sovereign clouds. Custom domains and private endpoints
// are not accepted: the account name could not be told from them.
var blobHostSuffixes = []string{
	".blob.core.windows.net",
	".blob.core.chinacloudapi.cn",
	".blob.core.usgovcloudapi.net",
}

var (
	accountRE   = regexp.MustCompile(`^[a-z0-9]{3,24}$`)
	containerRE = regexp.MustCompile(`^(\$root|\$web|\$logs|[a-z0-9](?:[a-z0-9]|-[a-z0-9])+)$`)
)

// ParseLocation parses a SOURCE or DEST: a local folder, a container URL
// (optionally with a prefix and a SAS), an account URL, or a path-style
// emulator URL on a loopback address. It does no I/O. Errors wrap ErrBadInput
// and never carry the SAS signature.
func ParseLocation(raw string) (Location, error) {
	if strings.TrimSpace(raw) == "" {
		return Location{}, errclass.Errorf(errclass.BadInput, "empty location: give a local folder or an https://ACCOUNT.blob.core.windows.net/CONTAINER URL")
	}
	scheme, _, isURL := strings.Cut(raw, "://")
	if !isURL {
		return Location{Kind: KindLocal, Path: raw}, nil
	}
	// A URL that fails to parse is echoed without its query, fragment and
	// user information: whatever secret it holds may be in a form Redact
	// does not know.
	shown := raw
	if i := strings.IndexAny(shown, "?#"); i >= 0 {
		shown = shown[:i]
	}
	bad := func(why string) (Location, error) {
		return Location{}, errclass.Errorf(errclass.BadInput, "%s: %s", Redact(shown), why)
	}
	switch strings.ToLower(scheme) {
	case "https", "http":
	default:
		return bad("unsupported scheme " + strings.ToLower(scheme) + "://: use https://ACCOUNT.blob.core.windows.net/CONTAINER or a local folder")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return bad("not a valid URL")
	}
	if u.User != nil {
		return bad("user information in a storage URL is not supported")
	}
	if u.Fragment != "" {
		return bad("a storage URL has no #fragment")
	}
	loc := Location{Scheme: strings.ToLower(u.Scheme), Host: strings.ToLower(u.Host), SAS: u.RawQuery}
	segs := splitPath(u.EscapedPath())
	host := strings.ToLower(u.Hostname())
	switch {
	case isLoopback(host):
		// Emulator: http://127.0.0.1:PORT/ACCOUNT/CONTAINER/PREFIX.
		loc.PathStyle = true
		if len(segs) == 0 {
			return bad("an emulator URL needs the account in its path: http://127.0.0.1:PORT/ACCOUNT/CONTAINER")
		}
		loc.Account, segs = segs[0], segs[1:]
	case loc.Scheme != "https":
		return bad("plain http is only accepted for an emulator on a loopback address; use https")
	default:
		for _, sfx := range blobHostSuffixes {
			if acct, ok := strings.CutSuffix(host, sfx); ok && !strings.Contains(acct, ".") {
				loc.Account = acct
			}
		}
		if loc.Account == "" {
			return bad("not a blob endpoint: expected https://ACCOUNT.blob.core.windows.net/")
		}
	}
	if !accountRE.MatchString(loc.Account) {
		return bad(fmt.Sprintf("account name %q is not 3-24 lowercase letters and digits", loc.Account))
	}
	if len(segs) == 0 {
		loc.Kind = KindAccount
		return loc, nil
	}
	loc.Kind = KindContainer
	c, err := url.PathUnescape(segs[0])
	if err != nil || len(c) < 3 || len(c) > 63 || !containerRE.MatchString(c) {
		return bad(fmt.Sprintf("container name %q is not 3-63 lowercase letters, digits and single hyphens", segs[0]))
	}
	loc.Container = c
	if len(segs) > 1 {
		// The prefix is a blob-name prefix: keep it byte for byte, unescaped.
		rest := strings.Join(segs[1:], "/")
		if strings.HasSuffix(u.EscapedPath(), "/") {
			rest += "/"
		}
		p, err := url.PathUnescape(rest)
		if err != nil {
			return bad("prefix is not valid URL escaping")
		}
		loc.Prefix = p
	}
	return loc, nil
}

// splitPath splits an escaped URL path into segments, dropping empty ones so
// that "//" and a trailing '/' do not make empty names.
func splitPath(p string) []string {
	var out []string
	for _, s := range strings.Split(p, "/") {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ServiceURL is the account endpoint with a trailing '/', without SAS.
func (l Location) ServiceURL() string {
	if l.PathStyle {
		return l.Scheme + "://" + l.Host + "/" + l.Account + "/"
	}
	return l.Scheme + "://" + l.Host + "/"
}

// ContainerURL is the URL of container name in this account, without SAS.
func (l Location) ContainerURL(name string) string {
	return l.ServiceURL() + url.PathEscape(name)
}

// Display is the form shown to users and written in reports: the URL
// without its query string (so never a SAS), or the local path.
func (l Location) Display() string {
	switch l.Kind {
	case KindLocal:
		return l.Path
	case KindAccount:
		return l.ServiceURL()
	}
	s := l.ContainerURL(l.Container)
	if l.Prefix != "" {
		s += "/" + (&url.URL{Path: l.Prefix}).EscapedPath()
	}
	return s
}
