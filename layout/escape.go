package layout

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Database, folder, file and server names come from storage and backup
// headers, so they are untrusted: an escape sequence in one would recolour
// or rewrite a terminal, a carriage return or newline would forge report
// lines, and a bidi override would reorder what a reader sees. Printable is
// the one escaper every output uses (rule messages, reports, plans).

// Printable escapes every character that is not graphic (controls,
// format characters such as bidi overrides, invalid UTF-8) the way Go
// quotes them: "\x1b", "\r", "\n", "\u202e". Graphic text, backslashes
// included, is unchanged, so escaping twice changes nothing.
func Printable(s string) string {
	clean := true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || !unicode.IsGraphic(r) {
			clean = false
			break
		}
		i += size
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unicode.IsGraphic(r):
			b.WriteString(s[i : i+size])
		default:
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		}
		i += size
	}
	return b.String()
}

// quote renders an untrusted name for a one-line message: in double
// quotes, escaped by Printable, with a double quote inside escaped so the
// name's end is unambiguous. Backslashes stay as they are: a server is
// SQL01\PROD, not SQL01\\PROD.
func quote(s string) string { return `"` + strings.ReplaceAll(Printable(s), `"`, `\"`) + `"` }
