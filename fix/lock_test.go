package fix

import (
	"path/filepath"
	"strings"
	"testing"
)

// Two applies of one plan never interleave their journals: the second is
// refused while the first holds the lock, and may run once it is released.
func TestASecondApplyOfAPlanIsRefusedWhileTheFirstRuns(t *testing.T) {
	p := filepath.Join(t.TempDir(), "plan.json.journal.lock")
	unlock, err := lockFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lockFile(p); err == nil || !IsBadInput(err) || !strings.Contains(err.Error(), "is running this plan") {
		t.Fatalf("second lock: %v, want a refusal saying another apply runs", err)
	}
	unlock()
	again, err := lockFile(p)
	if err != nil {
		t.Fatalf("after the first released it: %v", err)
	}
	again()
}
