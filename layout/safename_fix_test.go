package layout_test

import (
	"testing"

	"github.com/baklint/baklint/fix"
	"github.com/baklint/baklint/layout"
)

// Remedies say "move to X/"; X must be where baklint fix puts the file.
func TestSafeNameAgreesWithTheFixer(t *testing.T) {
	for _, db := range []string{"Sales", "BackupDB", "a/b", "..", "", "x..y", "tab\there", "trail.", "a:b", "\xff", "Ünïcode", "My backup"} {
		for _, reserved := range []bool{false, true} {
			if got, want := layout.SafeName(db, reserved), fix.SafeFolder(db, reserved); got != want {
				t.Errorf("SafeName(%q, %v) = %q, fix.SafeFolder says %q", db, reserved, got, want)
			}
		}
	}
}
