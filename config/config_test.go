package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baklint/baklint/errclass"
)

const good = `# team defaults
target: mi
fail-on: warning
rules:
  no-checksum: off
  too-many-files: error
exclude:
  - "archive/**"
  - "*.txt"
`

func TestAGoodFileGivesEverySettingWithItsLine(t *testing.T) {
	f, err := Parse("baklint.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if f.Target != (Value{"mi", 2}) || f.FailOn != (Value{"warning", 3}) {
		t.Errorf("target %+v, fail-on %+v", f.Target, f.FailOn)
	}
	if len(f.Rules) != 2 || f.Rules[0] != (Rule{"no-checksum", "off", 5}) || f.Rules[1] != (Rule{"too-many-files", "error", 6}) {
		t.Errorf("rules %+v", f.Rules)
	}
	if len(f.Exclude) != 2 || f.Exclude[0] != (Value{"archive/**", 8}) {
		t.Errorf("exclude %+v", f.Exclude)
	}
	for p, want := range map[string]bool{
		"archive/old/x.bak": true, "archive/x.bak": true, "notes.txt": true,
		"Sales/notes.txt": false, "Sales/x.bak": false, "archived/x.bak": false,
	} {
		if got := f.Excludes(p); got != want {
			t.Errorf("Excludes(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestAnEmptyFileSetsNothing(t *testing.T) {
	for _, data := range []string{"", "# only a comment\n"} {
		f, err := Parse("baklint.yaml", []byte(data))
		if err != nil || f.Target.Set() || f.FailOn.Set() || len(f.Rules)+len(f.Exclude) != 0 {
			t.Errorf("%q: %+v, %v", data, f, err)
		}
	}
}

// Every kind of bad file is bad input (exit 2) in one line that names the
// file and the line at fault.
func TestEachKindOfBadFileIsOneLineNamingItsLine(t *testing.T) {
	cases := []struct {
		name, data, want string
	}{
		{"unknown key", "target: mi\nfailon: error\n", `baklint.yaml:2: unknown key "failon"`},
		{"unknown rule", "rules:\n  no-checksum: off\n  no-chksum: off\n", `baklint.yaml:3: unknown rule "no-chksum"`},
		{"bad severity", "rules:\n  no-checksum: warn\n", `baklint.yaml:2: unknown severity "warn" for no-checksum`},
		{"bad YAML", "target: mi\nrules:\n  no-checksum: off\n   too-many-files: error\n", "baklint.yaml:4: not valid YAML"},
		{"bad YAML: unclosed quote", "target: mi\nfail-on: \"error\n", "baklint.yaml:2: not valid YAML"},
		{"bad YAML on the first line", "target: mi: lrs\n", "baklint.yaml:1: not valid YAML: mapping values are not allowed"},
		{"unknown target", "\n\ntarget: vm-2008\n", `baklint.yaml:3: unknown target "vm-2008"`},
		{"bad fail-on", "fail-on: sometimes\n", `baklint.yaml:1: unknown fail-on "sometimes"`},
		{"key twice", "target: mi\ntarget: lrs\n", `baklint.yaml:2: "target" is set twice (first on line 1)`},
		{"rule twice", "rules:\n  no-checksum: off\n  no-checksum: info\n", "baklint.yaml:3: rule no-checksum is set twice"},
		{"exclude not a list", "exclude: archive/**\n", "baklint.yaml:1: exclude must be a list"},
		{"bad glob", "exclude:\n  - \"[archive\"\n", `baklint.yaml:2: exclude pattern "[archive" is not a valid glob`},
		{"absolute glob", "exclude:\n  - /archive/**\n", "baklint.yaml:2: exclude pattern \"/archive/**\" starts with /"},
		{"not a mapping", "- target\n", "baklint.yaml:1: the file must be a mapping"},
		{"rules not a mapping", "rules: off\n", "baklint.yaml:1: rules must map"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("baklint.yaml", []byte(c.data))
			if !errors.Is(err, errclass.BadInput) {
				t.Fatalf("error %v, want bad input", err)
			}
			msg := err.Error()
			if !strings.Contains(msg, c.want) || strings.Contains(msg, "\n") {
				t.Errorf("error %q should be one line containing %q", msg, c.want)
			}
		})
	}
}

func TestFindLooksForBothNamesAndRefusesTwo(t *testing.T) {
	dir := t.TempDir()
	if p, err := Find(dir); p != "" || err != nil {
		t.Errorf("empty folder: %q, %v", p, err)
	}
	hidden := filepath.Join(dir, ".baklint.yaml")
	if err := os.WriteFile(hidden, []byte("target: mi\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if p, err := Find(dir); p != hidden || err != nil {
		t.Errorf("hidden file: %q, %v", p, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "baklint.yaml"), []byte("target: lrs\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Find(dir); !errors.Is(err, errclass.BadInput) || !strings.Contains(err.Error(), "keep one") {
		t.Errorf("both names: %v, want bad input", err)
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml")); !errors.Is(err, errclass.BadInput) || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("Load of a missing file: %v", err)
	}
}
