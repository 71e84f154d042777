package main

import (
	"encoding/json"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionReportsTheCommitAndDateGoRecorded(t *testing.T) {
	bi := &debug.BuildInfo{GoVersion: "go1.26.8", Settings: []debug.BuildSetting{
		{Key: "vcs", Value: "git"},
		{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
		{Key: "vcs.time", Value: "2026-12-01T10:00:00Z"},
		{Key: "vcs.modified", Value: "true"},
	}}
	cases := []struct {
		name string
		bi   *debug.BuildInfo
		ok   bool
		want string
	}{
		{"a git build", bi, true, "baklint dev (commit 0123456789ab, 2026-12-01T10:00:00Z, modified; go1.26.8)"},
		{"a clean tree", &debug.BuildInfo{GoVersion: "go1.26.8", Settings: bi.Settings[:3]}, true, "baklint dev (commit 0123456789ab, 2026-12-01T10:00:00Z; go1.26.8)"},
		{"no VCS stamp (-buildvcs=false)", &debug.BuildInfo{GoVersion: "go1.26.8"}, true, "baklint dev (commit unknown; go1.26.8)"},
		{"no build info", nil, false, "baklint dev (commit unknown)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := versionOf(c.bi, c.ok).line(); got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

func TestVersionLinkTimeValuesWinOverTheBuildInfo(t *testing.T) {
	defer func(c, d string) { commit, date = c, d }(commit, date)
	commit, date = "feedface", "2027-01-01T00:00:00Z"
	bi := &debug.BuildInfo{Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123"}, {Key: "vcs.time", Value: "2026-01-01T00:00:00Z"}}}
	if v := versionOf(bi, true); v.Commit != "feedface" || v.Date != "2027-01-01T00:00:00Z" {
		t.Errorf("got %+v, want the -ldflags values", v)
	}
}

func TestVersionCommandAndFlagPrintTheSameLine(t *testing.T) {
	code, cmd, stderr := runCLI(t, "version")
	if code != 0 || stderr != "" {
		t.Fatalf("version: exit %d, stderr %q", code, stderr)
	}
	code, flag, _ := runCLI(t, "--version")
	if code != 0 || flag != cmd || !strings.HasPrefix(cmd, "baklint "+version+" (") || strings.Count(cmd, "\n") != 1 {
		t.Errorf("version printed %q, --version %q", cmd, flag)
	}
	code, js, _ := runCLI(t, "version", "--format", "json")
	var v buildVersion
	if err := json.Unmarshal([]byte(js), &v); code != 0 || err != nil || v.Version != version {
		t.Errorf("version --format json: exit %d, %v: %s", code, err, js)
	}
}

func TestRulesFormatJSONListsTheRegistry(t *testing.T) {
	code, out, stderr := runCLI(t, "rules", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Rules []struct{ ID, Severity string }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, r := range doc.Rules {
		ids[r.ID] = r.Severity != ""
	}
	for _, id := range []string{"nested-folder", "no-checksum", "mixed-databases", "archived-blob"} {
		if !ids[id] {
			t.Errorf("rule %s missing or without a severity", id)
		}
	}
	if code, _, stderr := runCLI(t, "rules", "--format", "yaml"); code != 2 || !strings.Contains(stderr, "text or json") {
		t.Errorf("rules --format yaml: exit %d, %q; want 2 naming the formats", code, stderr)
	}
}

func TestALinkTimeStampIsTheVersion(t *testing.T) {
	if got := pickVersion("v1.2.0", "dev"); got != "v1.2.0" {
		t.Errorf("pickVersion with a stamp = %q", got)
	}
	// A test binary has no module version: the fallback.
	if got := pickVersion("", "dev"); got != "dev" {
		t.Errorf("pickVersion without a stamp = %q, want dev", got)
	}
}
