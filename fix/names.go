package fix

import (
	"fmt"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/baklint/baklint/layout"
)

// maxFileName is the longest file name (in bytes) every local filesystem
// baklint may write to accepts.
const maxFileName = 255

// SafeFileName keeps a file's base name readable: characters that cannot sit
// in a path segment are percent-escaped, so "a:b.bak" stays recognisable as
// "a%3Ab.bak". Names that cannot be repaired that way ("..", too long, not
// UTF-8) are replaced by layout.UnsafeName plus the original extension when it is
// itself safe, so the file still looks like a backup to DMS.
func SafeFileName(name string) string {
	if name == "" || name == "." || name == ".." || !utf8.ValidString(name) {
		return layout.UnsafeName(name)
	}
	var b strings.Builder
	last := utf8.RuneCountInString(name) - 1
	i := 0
	for _, r := range name {
		edgeSpace := r == ' ' && (i == 0 || i == last)
		trailingDot := r == '.' && i == last
		if layout.UnsafeRune(r) || edgeSpace || trailingDot {
			var buf [utf8.UTFMax]byte
			n := utf8.EncodeRune(buf[:], r)
			for _, c := range buf[:n] {
				fmt.Fprintf(&b, "%%%02X", c)
			}
		} else {
			b.WriteRune(r)
		}
		i++
	}
	out := b.String()
	if len(out) > maxFileName {
		ext := path.Ext(name)
		if len(ext) > 16 || !layout.SafeSegment(ext) {
			ext = ""
		}
		return layout.UnsafeName(name) + ext
	}
	return out
}

// ValidDestPath reports why p cannot be a destination path of a plan, or ""
// when it is fine. Plans are files a person can edit, so the executor checks
// every path again rather than trusting the planner.
func ValidDestPath(p string) string {
	if p == "" {
		return "empty path"
	}
	if strings.HasPrefix(p, "/") {
		return "absolute path"
	}
	if strings.ContainsRune(p, '\\') {
		return `contains "\"`
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return fmt.Sprintf("has a %q segment", seg)
		}
		for _, r := range seg {
			if r < 0x20 || r == 0x7f {
				return "contains a control character"
			}
		}
	}
	return ""
}
