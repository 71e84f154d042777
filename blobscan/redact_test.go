package blobscan

import (
	"strings"
	"testing"
)

func TestRedactRemovesEverySecretForm(t *testing.T) {
	cases := []struct{ in, secret string }{
		{"https://a.blob.core.windows.net/c?sv=2021&sig=SECRET1&se=x", "SECRET1"},
		{"https://a.blob.core.windows.net/c?sig=SECRET2", "SECRET2"},
		{"https://a.blob.core.windows.net/c#sig=SECRET3", "SECRET3"},
		{"DefaultEndpointsProtocol=https;AccountName=a;AccountKey=SECRET4==;EndpointSuffix=core.windows.net", "SECRET4"},
		{"BlobEndpoint=https://a.blob.core.windows.net/;SharedAccessSignature=sv=2021&sig=SECRET5", "SECRET5"},
		{"http://user:SECRET6@127.0.0.1:10000/devstoreaccount1/c", "SECRET6"},
	}
	for _, tc := range cases {
		got := Redact(tc.in)
		if strings.Contains(got, tc.secret) {
			t.Errorf("Redact(%q) = %q still holds %s", tc.in, got, tc.secret)
		}
		if !strings.Contains(got, "REDACTED") {
			t.Errorf("Redact(%q) = %q does not say what it removed", tc.in, got)
		}
	}
}

func TestParseLocationNeverEchoesQueryFragmentOrUserInfo(t *testing.T) {
	for _, raw := range []string{
		"http://user:SECRETPW@127.0.0.1:1/devstoreaccount1/c0ntainer",
		"http://127.0.0.1:1/devstoreaccount1/c0ntainer#sig=SECRETSIG",
		"ftp://127.0.0.1/acct/c?token=SECRETTOKEN",
	} {
		_, err := ParseLocation(raw)
		if err == nil {
			t.Fatalf("ParseLocation(%q) accepted it", raw)
		}
		for _, s := range []string{"SECRETPW", "SECRETSIG", "SECRETTOKEN"} {
			if strings.Contains(err.Error(), s) {
				t.Errorf("error for %q leaks %s: %v", raw, s, err)
			}
		}
	}
}

func BenchmarkRedactOfAFindingMessage(b *testing.B) {
	msg := "backup is 3 folders below the container root; DMS and LRS read at most one folder deep"
	for b.Loop() {
		if Redact(msg) != msg {
			b.Fatal("changed a message without secrets")
		}
	}
}

func TestRedactLineFoldsEveryWhitespaceRunAndDropsSecrets(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain", "plain"},
		{"a\r\nb\tc   d", "a b c d"},
		{"  leading and trailing \n", "leading and trailing"},
		{"GET https://a.blob.core.windows.net/c?sv=1&sig=abc\n403", "GET https://a.blob.core.windows.net/c?sv=1&sig=REDACTED 403"},
	}
	for _, tc := range cases {
		if got := RedactLine(tc.in); got != tc.want {
			t.Errorf("RedactLine(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
