package store_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/blobscan/store"
)

// Over http (the emulator) Entra ID cannot work: the SDK would refuse the
// token with a message about TLS. Open says what to give instead, before
// sending anything (port 1 on loopback: a request would fail otherwise).
func TestOpenOverHTTPWithoutACredentialSaysWhatToGive(t *testing.T) {
	noEnv(t)
	for _, raw := range []string{"http://127.0.0.1:1/devstoreaccount1/c01", "http://127.0.0.1:1/devstoreaccount1"} {
		_, err := store.Open(ctx(t), raw, store.Options{})
		if !errors.Is(err, blobscan.ErrBadInput) {
			t.Fatalf("Open(%s) = %v, want ErrBadInput", raw, err)
		}
		msg := err.Error()
		for _, want := range []string{raw, "SAS", "--connection-string", "--account-key", "https"} {
			if !strings.Contains(msg, want) {
				t.Errorf("error %q does not mention %q", msg, want)
			}
		}
		if strings.Contains(msg, "non-TLS") || strings.Contains(msg, "\n") {
			t.Errorf("error %q should be our one line, not the SDK's", msg)
		}
	}
}
