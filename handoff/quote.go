package handoff

import (
	"strconv"
	"strings"
	"unicode"
)

// Quoting. Every value that comes from the backups (database and folder
// names, file names) is written as a single-quoted literal, in which
// neither shell expands anything: no variables ($), no command
// substitution (` or $()), no statement ends (;, newline).

// psQuote writes s as a PowerShell single-quoted string. PowerShell also
// ends such a string at the typographic single quotes U+2018 … U+201B, so
// those are doubled like the ASCII one.
func psQuote(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for _, r := range s {
		switch r {
		case '\'', '\u2018', '\u2019', '\u201a', '\u201b':
			b.WriteRune(r)
		}
		b.WriteRune(r)
	}
	b.WriteByte('\'')
	return b.String()
}

// shQuote writes s as a POSIX shell single-quoted string: a quote inside
// ends the string, adds an escaped quote and starts a new one.
func shQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// commentSafe makes s fit on one comment line: control characters and
// line separators are written as Go escapes, so a hostile name cannot end
// the comment and start a command.
func commentSafe(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsGraphic(r) && r != '\u2028' && r != '\u2029' {
			b.WriteRune(r)
			continue
		}
		q := strconv.QuoteRune(r) // '\n', '\x00', '\u2028'
		b.WriteString(q[1 : len(q)-1])
	}
	return b.String()
}

// quotable reports whether s can be passed to a command at all: no shell
// carries a NUL byte in an argument.
func quotable(s string) bool { return !strings.ContainsRune(s, 0) }
