package report

import (
	"net/url"
	"sort"
	"strings"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/layout"
)

// cleanSource is the source as every format shows it. The CLI should already
// pass a display form, but a report is the last place a SAS can leak from, so
// the whole query of a URL goes (a SAS may also carry skoid/sktid identifiers
// that Redact does not know about) and Redact catches secrets elsewhere.
func cleanSource(s string) string {
	if u, err := url.Parse(s); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		u.RawQuery = ""
		u.ForceQuery = false
		u.Fragment = ""
		u.User = nil
		s = strings.TrimSuffix(u.String(), "/")
	}
	return blobscan.Redact(s)
}

// escapePath percent-encodes each segment of a slash-separated path so it
// can join a URL; backup names hold spaces and '#' often enough.
func escapePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

// fullPath is a finding's path as a person reads it: with its container
// when the scan covered a whole account.
func fullPath(container, path string) string {
	if container == "" {
		return path
	}
	if path == "" {
		return container
	}
	return container + "/" + path
}

// sortedFindings returns a redacted copy in the order SPEC §6 promises: a
// Result built by hand (not by layout.Lint) renders the same.
func sortedFindings(in []layout.Finding) []layout.Finding {
	out := make([]layout.Finding, len(in))
	copy(out, in)
	layout.SortFindings(out)
	for i := range out {
		out[i].Message = blobscan.Redact(out[i].Message)
		out[i].Remedy = blobscan.Redact(out[i].Remedy)
	}
	return out
}

// sortedDatabases returns a copy ordered by name, then container, with no
// nil folder list, because JSON arrays are never null (SPEC §6).
func sortedDatabases(in []layout.Database) []layout.Database {
	out := make([]layout.Database, len(in))
	copy(out, in)
	for i := range out {
		if out[i].Folders == nil {
			out[i].Folders = []string{}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].Container < out[j].Container
	})
	return out
}

// DatabaseLabel names a database where a list mixes containers: the same
// name in two containers of an account is two databases to migrate.
func DatabaseLabel(d layout.Database) string { return fullPath(d.Container, d.Name) }
