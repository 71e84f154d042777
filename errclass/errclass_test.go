package errclass

import (
	"errors"
	"io/fs"
	"testing"
)

func TestAnErrorMatchesItsClassItsParentAndItsCauseAndReadsAsTheSentence(t *testing.T) {
	err := Errorf(Auth, "read %s: %w", "https://acct/c/x.bak", fs.ErrPermission)
	if err.Error() != "read https://acct/c/x.bak: permission denied" {
		t.Errorf("message %q: want the sentence without the class", err)
	}
	for _, target := range []error{Auth, Storage, fs.ErrPermission} {
		if !errors.Is(err, target) {
			t.Errorf("errors.Is(err, %v) = false", target)
		}
	}
	if errors.Is(err, BadInput) || errors.Is(err, NotFound) {
		t.Error("matches a class it is not")
	}
	if Of(err) != Auth || Of(errors.New("plain")) != nil {
		t.Errorf("Of: %v", Of(err))
	}
	if Of(Wrap(BadInput, errors.New("x"))) != BadInput || Wrap(BadInput, nil) != nil {
		t.Error("Wrap")
	}
}
