package layout

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SafeName maps an untrusted database name (from a backup header or a file
// name) to the folder a remedy tells the user to move its backups to. It
// follows the fixer's fix.SafeFolder, so that "move to X/" in a finding is
// where `baklint fix` puts the file: a name that cannot be one path segment
// on Azure, Windows, Linux and macOS becomes "_unsafe_<hash>", and for LRS
// targets the reserved word "backup" becomes "bkup".
func SafeName(db string, reservedWord bool) string {
	if !safeSegment(db) || utf8.RuneCountInString(db) > 128 || strings.Contains(db, "..") {
		sum := sha256.Sum256([]byte(db))
		return "_unsafe_" + hex.EncodeToString(sum[:8])
	}
	if reservedWord {
		db = replaceBackup(db)
	}
	return db
}

func safeSegment(s string) bool {
	if s == "" || s == "." || s == ".." || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || unicode.IsControl(r) || strings.ContainsRune(`/\:*?"<>|`, r) || r == utf8.RuneError {
			return false
		}
	}
	return !strings.HasPrefix(s, " ") && !strings.HasSuffix(s, " ") && !strings.HasSuffix(s, ".")
}

// replaceBackup replaces every case-insensitive "backup" with "bkup".
func replaceBackup(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(asciiLower(s), "backup")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString("bkup")
		s = s[i+len("backup"):]
	}
}

// asciiLower lower-cases ASCII letters only, so byte offsets still match s.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// quote renders an untrusted name for a one-line message: in double
// quotes, with control characters escaped.
func quote(s string) string { return strconv.QuoteToGraphic(s) }
