package blobscan

import (
	"regexp"
	"strings"
)

// secretPatterns match what must never reach output: SAS signatures (also
// mistyped after a '#'), account keys, connection-string secrets and
// passwords in a URL's user information.
var secretPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?i)([?&#;]sig=)[^&#\s"']+`),
	regexp.MustCompile(`(://)[^/@\s"']*@`),
	regexp.MustCompile(`(?i)(AccountKey=)[^;\s"']+`),
	regexp.MustCompile(`(?i)(SharedAccessSignature=)[^;\s"']+`),
}

// Redact removes secrets from s, keeping enough to tell what was there.
func Redact(s string) string {
	// Every pattern needs an '=' or an '@'. Renderers call this for every
	// message of every finding, so the common case skips the regexps.
	if !strings.ContainsAny(s, "=@") {
		return s
	}
	for _, re := range secretPatterns {
		s = re.ReplaceAllString(s, "${1}REDACTED")
	}
	return s
}

// OneLine folds whitespace, newlines included, into single spaces: text
// from storage, a parser or a wrapped error becomes one line of a message.
// It is the one flattener of messages; callers that print to people also
// Redact (RedactLine does both).
func OneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// RedactLine is Redact and OneLine: what a message line may show.
func RedactLine(s string) string {
	return OneLine(Redact(s))
}
