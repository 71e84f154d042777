package fix

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxDatabaseName is SQL Server's sysname length: anything longer did not
// come from a real header and is treated as hostile.
const maxDatabaseName = 128

// maxFileName is the longest file name (in bytes) every local filesystem
// baklint may write to accepts.
const maxFileName = 255

// unsafeName is the deterministic stand-in for a name that cannot be used as
// a path segment: the same input always yields the same folder, so a plan
// made twice is the same plan, and different inputs practically never meet.
func unsafeName(name string) string {
	sum := sha256.Sum256([]byte(name))
	return "_unsafe_" + hex.EncodeToString(sum[:8])
}

// SafeFolder maps an untrusted database name (it comes from a backup header
// or a blob name) to the folder the plan puts its backups in. Names that
// could climb out of the destination or that some filesystem or DMS would
// choke on are replaced by unsafeName. With reservedWord set (LRS and DMS to
// Managed Instance refuse paths containing "backup"), that word is rewritten
// to "bkup" so the folder does not break the rule the fix is meant to satisfy.
func SafeFolder(db string, reservedWord bool) string {
	if !safeSegment(db) || utf8.RuneCountInString(db) > maxDatabaseName || strings.Contains(db, "..") {
		return unsafeName(db)
	}
	if reservedWord {
		db = replaceFold(db, "backup", "bkup")
	}
	return db
}

// safeSegment reports whether s can be one path segment on Azure and on
// Windows, Linux and macOS: no separators, no control characters, none of the
// characters Windows forbids, no leading or trailing space and no trailing
// dot (Azure and Windows both trim those, silently renaming the file).
func safeSegment(s string) bool {
	if s == "" || s == "." || s == ".." || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if badRune(r) {
			return false
		}
	}
	return !strings.HasPrefix(s, " ") && !strings.HasSuffix(s, " ") && !strings.HasSuffix(s, ".")
}

func badRune(r rune) bool {
	return r < 0x20 || r == 0x7f || unicode.IsControl(r) || strings.ContainsRune(`/\:*?"<>|`, r) || r == utf8.RuneError
}

// SafeFileName keeps a file's base name readable: characters that cannot sit
// in a path segment are percent-escaped, so "a:b.bak" stays recognisable as
// "a%3Ab.bak". Names that cannot be repaired that way ("..", too long, not
// UTF-8) are replaced by unsafeName plus the original extension when it is
// itself safe, so the file still looks like a backup to DMS.
func SafeFileName(name string) string {
	if name == "" || name == "." || name == ".." || !utf8.ValidString(name) {
		return unsafeName(name)
	}
	var b strings.Builder
	last := utf8.RuneCountInString(name) - 1
	i := 0
	for _, r := range name {
		edgeSpace := r == ' ' && (i == 0 || i == last)
		trailingDot := r == '.' && i == last
		if badRune(r) || edgeSpace || trailingDot {
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
		if len(ext) > 16 || !safeSegment(ext) {
			ext = ""
		}
		return unsafeName(name) + ext
	}
	return out
}

// replaceFold replaces every case-insensitive occurrence of old (ASCII) in s.
func replaceFold(s, old, repl string) string {
	lower := asciiLower(s)
	if !strings.Contains(lower, old) {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(lower, old)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(repl)
		s, lower = s[i+len(old):], lower[i+len(old):]
	}
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

// asciiLower lowers ASCII letters only, so byte offsets match s.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
