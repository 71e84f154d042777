package blobscan

import (
	"errors"
	"strings"
	"testing"
)

func TestParseLocationAcceptsEveryDocumentedForm(t *testing.T) {
	tests := []struct {
		name, raw string
		want      Location
		display   string
	}{
		{"local relative folder", "backups/sql01", Location{Kind: KindLocal, Path: "backups/sql01"}, "backups/sql01"},
		{"local windows folder", `C:\Backups\SQL01`, Location{Kind: KindLocal, Path: `C:\Backups\SQL01`}, `C:\Backups\SQL01`},
		{"container", "https://acct01.blob.core.windows.net/sqlbak",
			Location{Kind: KindContainer, Scheme: "https", Host: "acct01.blob.core.windows.net", Account: "acct01", Container: "sqlbak"},
			"https://acct01.blob.core.windows.net/sqlbak"},
		{"container with trailing slash", "https://acct01.blob.core.windows.net/sqlbak/",
			Location{Kind: KindContainer, Scheme: "https", Host: "acct01.blob.core.windows.net", Account: "acct01", Container: "sqlbak"},
			"https://acct01.blob.core.windows.net/sqlbak"},
		{"container with prefix and SAS", "https://acct01.blob.core.windows.net/sqlbak/SRV%24INST/Db%201/?sv=2022-11-02&sp=rl&sig=c2VjcmV0",
			Location{Kind: KindContainer, Scheme: "https", Host: "acct01.blob.core.windows.net", Account: "acct01", Container: "sqlbak",
				Prefix: "SRV$INST/Db 1/", SAS: "sv=2022-11-02&sp=rl&sig=c2VjcmV0"},
			"https://acct01.blob.core.windows.net/sqlbak/SRV$INST/Db%201/"},
		{"account", "https://acct01.blob.core.windows.net/",
			Location{Kind: KindAccount, Scheme: "https", Host: "acct01.blob.core.windows.net", Account: "acct01"},
			"https://acct01.blob.core.windows.net/"},
		{"account without slash, upper-case host", "HTTPS://ACCT01.Blob.Core.Windows.Net",
			Location{Kind: KindAccount, Scheme: "https", Host: "acct01.blob.core.windows.net", Account: "acct01"},
			"https://acct01.blob.core.windows.net/"},
		{"sovereign cloud", "https://acct01.blob.core.chinacloudapi.cn/c01",
			Location{Kind: KindContainer, Scheme: "https", Host: "acct01.blob.core.chinacloudapi.cn", Account: "acct01", Container: "c01"},
			"https://acct01.blob.core.chinacloudapi.cn/c01"},
		{"emulator on 127.0.0.1", "http://127.0.0.1:10000/devstoreaccount1/c01/DB1",
			Location{Kind: KindContainer, Scheme: "http", Host: "127.0.0.1:10000", PathStyle: true, Account: "devstoreaccount1", Container: "c01", Prefix: "DB1"},
			"http://127.0.0.1:10000/devstoreaccount1/c01/DB1"},
		{"emulator on localhost, account only", "http://localhost:10000/devstoreaccount1",
			Location{Kind: KindAccount, Scheme: "http", Host: "localhost:10000", PathStyle: true, Account: "devstoreaccount1"},
			"http://localhost:10000/devstoreaccount1/"},
		{"emulator on ::1 with SAS", "http://[::1]:10000/devstoreaccount1/c01?sp=rl&sig=abc",
			Location{Kind: KindContainer, Scheme: "http", Host: "[::1]:10000", PathStyle: true, Account: "devstoreaccount1", Container: "c01", SAS: "sp=rl&sig=abc"},
			"http://[::1]:10000/devstoreaccount1/c01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseLocation(tt.raw)
			if err != nil {
				t.Fatalf("ParseLocation(%q): %v", tt.raw, err)
			}
			if got != tt.want {
				t.Errorf("ParseLocation(%q)\n got %+v\nwant %+v", tt.raw, got, tt.want)
			}
			if d := got.Display(); d != tt.display {
				t.Errorf("Display() = %q, want %q", d, tt.display)
			}
		})
	}
}

func TestParseLocationRejectsOtherFormsAsBadInputWithoutSecrets(t *testing.T) {
	tests := []struct{ name, raw, mention string }{
		{"empty", "  ", "empty location"},
		{"ftp scheme", "ftp://acct01.blob.core.windows.net/c01", "unsupported scheme ftp://"},
		{"s3 scheme", "s3://bucket/key", "unsupported scheme"},
		{"http to a public host", "http://acct01.blob.core.windows.net/c01?sig=TOPSECRET", "plain http"},
		{"not a blob host", "https://example.com/c01", "not a blob endpoint"},
		{"file endpoint", "https://acct01.file.core.windows.net/share", "not a blob endpoint"},
		{"nested subdomain", "https://x.acct01.blob.core.windows.net/c01", "not a blob endpoint"},
		{"upper-case container", "https://acct01.blob.core.windows.net/SqlBak?sig=TOPSECRET", "container name"},
		{"double hyphen container", "https://acct01.blob.core.windows.net/a--b", "container name"},
		{"too short container", "https://acct01.blob.core.windows.net/ab", "container name"},
		{"bad account", "https://Acct_01.blob.core.windows.net/c01", "account name"},
		{"emulator without account", "http://127.0.0.1:10000/", "account in its path"},
		{"emulator bad account", "http://127.0.0.1:10000/Dev_Store/c01", "account name"},
		{"user info", "https://me:pw@acct01.blob.core.windows.net/c01", "user information"},
		{"fragment", "https://acct01.blob.core.windows.net/c01#x", "fragment"},
		{"garbage URL", "https://acct01.blob.core.windows.net:port/c01?sig=TOPSECRET", "not a valid URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseLocation(tt.raw)
			if err == nil {
				t.Fatalf("ParseLocation(%q) succeeded, want an error", tt.raw)
			}
			if !errors.Is(err, ErrBadInput) {
				t.Errorf("error %q does not wrap ErrBadInput", err)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.mention) {
				t.Errorf("error %q does not say %q", msg, tt.mention)
			}
			if strings.Contains(msg, "TOPSECRET") || strings.Contains(msg, "\n") {
				t.Errorf("error %q leaks the SAS signature or spans lines", msg)
			}
		})
	}
}

func TestLocationURLsNeverCarryTheSAS(t *testing.T) {
	loc, err := ParseLocation("https://acct01.blob.core.windows.net/c01/p?sp=rl&sig=TOPSECRET")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{loc.Display(), loc.ServiceURL(), loc.ContainerURL("c01")} {
		if strings.Contains(s, "TOPSECRET") || strings.Contains(s, "?") {
			t.Errorf("%q carries the query string", s)
		}
	}
}
