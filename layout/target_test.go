package layout

import (
	"errors"
	"strings"
	"testing"

	"github.com/baklint/baklint/errclass"
)

func TestLookupTargetKnowsEveryTargetOfTheSpec(t *testing.T) {
	for _, tc := range []struct {
		name           string
		major          int
		pageBlobs, lrs bool
	}{
		{"vm-2012", 11, true, false}, {"vm-2014", 12, true, false}, {"vm-2016", 13, false, false},
		{"vm-2017", 14, false, false}, {"vm-2019", 15, false, false}, {"vm-2022", 16, false, false},
		{"vm-2025", 17, false, false}, {"mi", 16, false, true}, {"lrs", 16, false, true}, {"any", 0, false, false},
		{"mi-2022", 16, false, true}, {"lrs-2022", 16, false, true}, {"mi-2025", 17, false, true}, {"lrs-2025", 17, false, true},
		{"mi-aut", 0, false, true}, {"LRS-AUT", 0, false, true},
		{"", 0, false, false}, {"VM-2014", 12, true, false},
	} {
		got, err := LookupTarget(tc.name)
		if err != nil {
			t.Errorf("LookupTarget(%q): %v", tc.name, err)
			continue
		}
		if got.Major != tc.major || got.PageBlobs != tc.pageBlobs || got.LRS != tc.lrs {
			t.Errorf("LookupTarget(%q) = %+v, want major %d, page blobs %v, LRS %v", tc.name, got, tc.major, tc.pageBlobs, tc.lrs)
		}
	}
}

func TestLookupTargetRefusesOldAndUnknownTargetsAsBadInput(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"vm-2008", "SQL Server 2008 and earlier cannot be migration targets; use vm-2012 or later"},
		{"vm-2008r2", "SQL Server 2008 and earlier cannot be migration targets"},
		{"vm-2005", "SQL Server 2008 and earlier cannot be migration targets"},
		{"vm-2030", "unknown target \"vm-2030\": use one of vm-2012, vm-2014, vm-2016, vm-2017, vm-2019, vm-2022, vm-2025, mi, mi-2025, mi-aut, lrs, lrs-2025, lrs-aut, any"},
		{"azure", "unknown target"},
		{"mi-2019", "unknown target"},
	} {
		_, err := LookupTarget(tc.name)
		if !errors.Is(err, errclass.BadInput) {
			t.Errorf("LookupTarget(%q) = %v, want ErrBadInput", tc.name, err)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("LookupTarget(%q) error %q, want one line containing %q", tc.name, err, tc.want)
		}
	}
}

func TestTheExplicitSQLServer2022PolicyNamesAreTheDefaultManagedInstanceTargets(t *testing.T) {
	for alias, want := range map[string]string{"mi-2022": "mi", "LRS-2022": "lrs"} {
		if got := mustTarget(t, alias); got.Name != want {
			t.Errorf("LookupTarget(%q) is target %q, want %q", alias, got.Name, want)
		}
	}
	for _, name := range TargetNames() {
		if name == "mi-2022" || name == "lrs-2022" {
			t.Errorf("TargetNames lists the alias %s: rules and reports would show one target twice", name)
		}
	}
}
