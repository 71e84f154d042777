//go:build unix

package fix

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAJournalLeavesNoLockFileBehindOnceClosed(t *testing.T) {
	journal := filepath.Join(t.TempDir(), "plan.json.journal")
	d := &PlanDoc{PlanSHA256: "0123"}
	j, err := openJournal(journal, d)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(journal + ".lock"); err != nil {
		t.Fatalf("no lock file while the journal is open: %v", err)
	}
	if _, err := openJournal(journal, d); err == nil || !strings.Contains(err.Error(), "is held") {
		t.Errorf("a second apply of the same plan got %v, want the lock refused", err)
	}
	j.close()
	if _, err := os.Stat(journal + ".lock"); !os.IsNotExist(err) {
		t.Errorf("lock file still there after close (stat: %v)", err)
	}
	if _, err := os.Stat(journal); err != nil {
		t.Errorf("the journal itself must stay for a resume: %v", err)
	}
	// The next run locks afresh.
	j, err = openJournal(journal, d)
	if err != nil {
		t.Fatalf("reopening after a clean close: %v", err)
	}
	j.close()
}

func TestASecondLockOnAHeldPathIsRefused(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.lock")
	release, err := lockFile(p)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if _, err := lockFile(p); err == nil {
		t.Error("second lock on a held path succeeded")
	}
}
