package blobscan

import "regexp"

// secretPatterns match what must never reach output: SAS signatures, account
// keys and whole connection-string secrets.
var secretPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?i)([?&]sig=)[^&\s"']+`),
	regexp.MustCompile(`(?i)(AccountKey=)[^;\s"']+`),
	regexp.MustCompile(`(?i)(SharedAccessSignature=)[^;\s"']+`),
}

// Redact removes secrets from s, keeping enough to tell what was there.
func Redact(s string) string {
	for _, re := range secretPatterns {
		s = re.ReplaceAllString(s, "${1}REDACTED")
	}
	return s
}
