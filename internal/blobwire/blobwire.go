// Package blobwire holds the Blob service's REST conventions that both test
// doubles (fakeblob, azfaithful) answer with, so the two cannot drift apart.
package blobwire

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// ErrorHeader writes the status and headers of a Blob service error: the
// code in x-ms-error-code. It is the whole answer to a HEAD request, which
// has no body.
func ErrorHeader(w http.ResponseWriter, status int, code string) {
	w.Header().Set("x-ms-error-code", code)
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
}

// WriteError answers as the Blob service does: ErrorHeader, then the XML
// error body.
func WriteError(w http.ResponseWriter, status int, code, msg string) {
	ErrorHeader(w, status, code)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="utf-8"?><Error><Code>%s</Code><Message>%s</Message></Error>`, code, msg)
}

// ErrRange is a range header that is malformed or starts past the end.
var ErrRange = errors.New("unsatisfiable range")

// ParseRange reads "bytes=a-b" or "bytes=a-" against a resource of size
// bytes; it returns [off, end), end clipped to size. An empty header is the
// whole resource, not ranged.
func ParseRange(v string, size int64) (off, end int64, ranged bool, err error) {
	if v == "" {
		return 0, size, false, nil
	}
	spec, ok := strings.CutPrefix(v, "bytes=")
	if !ok {
		return 0, 0, false, ErrRange
	}
	a, b, _ := strings.Cut(spec, "-")
	off, err = strconv.ParseInt(a, 10, 64)
	if err != nil || off < 0 || off >= size {
		return 0, 0, false, ErrRange
	}
	end = size
	if b != "" {
		last, err := strconv.ParseInt(b, 10, 64)
		if err != nil || last < off {
			return 0, 0, false, ErrRange
		}
		end = min(last, size-1) + 1 // last+1 would overflow at the largest int64
	}
	return off, end, true, nil
}
