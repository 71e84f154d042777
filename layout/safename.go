package layout

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SafeName maps an untrusted database name (from a backup header or a file
// name) to the folder its backups go to. Remedies ("move to X/") and the
// fixer's plans both use it, so a finding names where `baklint fix` puts the
// file: a name that cannot be one path segment
// on Azure, Windows, Linux and macOS becomes "_unsafe_<hash>", and for LRS
// targets the reserved word "backup" becomes "bkup".
func SafeName(db string, reservedWord bool) string {
	if !SafeSegment(db) || utf8.RuneCountInString(db) > maxDatabaseName || strings.Contains(db, "..") {
		return UnsafeName(db)
	}
	if reservedWord {
		db = replaceBackup(db)
	}
	return db
}

// maxDatabaseName is SQL Server's sysname length: anything longer did not
// come from a real header and is treated as hostile.
const maxDatabaseName = 128

// UnsafeName is the deterministic stand-in for a name that cannot be used as
// a path segment: the same input always yields the same folder, so a plan
// made twice is the same plan, and different inputs practically never meet.
func UnsafeName(name string) string {
	sum := sha256.Sum256([]byte(name))
	return "_unsafe_" + hex.EncodeToString(sum[:8])
}

// SafeSegment reports whether s can be one path segment on Azure and on
// Windows, Linux and macOS: no separators, no control characters, none of the
// characters Windows forbids, no leading or trailing space and no trailing
// dot (Azure and Windows both trim those, silently renaming the file).
func SafeSegment(s string) bool {
	if s == "" || s == "." || s == ".." || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if UnsafeRune(r) {
			return false
		}
	}
	return !strings.HasPrefix(s, " ") && !strings.HasSuffix(s, " ") && !strings.HasSuffix(s, ".")
}

// UnsafeRune reports whether r may not appear in a path segment anywhere.
func UnsafeRune(r rune) bool {
	return r < 0x20 || r == 0x7f || unicode.IsControl(r) || strings.ContainsRune(`/\:*?"<>|`, r) || r == utf8.RuneError
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
