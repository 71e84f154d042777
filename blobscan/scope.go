package blobscan

import "strings"

// NarrowPrefix combines a reader's scope (the PREFIX of its SOURCE URL) with
// the prefix a caller lists: the result is the stricter of the two, and ok
// is false when they exclude each other, so nothing can match.
func NarrowPrefix(scope, prefix string) (string, bool) {
	switch {
	case strings.HasPrefix(prefix, scope):
		return prefix, true
	case strings.HasPrefix(scope, prefix):
		return scope, true
	}
	return "", false
}
