package report

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/baklint/baklint/layout"
)

// testRules is a fixed rule set, so the golden files do not move each time
// the registry grows; docs/rules.md tracks the real registry instead.
func testRules() []layout.Rule {
	return []layout.Rule{
		{ID: "archived-blob", Severity: layout.Error, Rationale: "A blob in the Archive tier is offline.", Link: "https://learn.microsoft.com/azure/storage/blobs/archive-rehydrate-overview"},
		{ID: "nested-folder", Severity: layout.Error, Rationale: "DMS reads at most one folder deep.", Link: "https://learn.microsoft.com/azure/dms/"},
		{ID: "no-checksum", Severity: layout.Warning, Rationale: "Checksums | catch corruption.", Link: ""},
		{ID: "page-blob-required", Severity: layout.Error, Targets: []string{"vm-2012", "vm-2014"}, Rationale: "SQL Server 2012 and 2014 restore only from page blobs.", Link: "https://learn.microsoft.com/sql/relational-databases/backup-restore/sql-server-backup-to-url"},
	}
}

func TestRulesTableAndMarkdownMatchGoldenFiles(t *testing.T) {
	goldenOf(t, "rules.table.golden", func(w io.Writer) error { return RulesTable(w, testRules()) })
	md := goldenOf(t, "rules.md.golden", func(w io.Writer) error { return RulesMarkdown(w, testRules()) })
	if !strings.Contains(string(md), `Checksums \| catch corruption.`) {
		t.Error("a | in a rationale is not escaped in its table cell")
	}
}

func TestRulesDocIsGeneratedFromTheRegistry(t *testing.T) {
	rules := layout.Rules()
	if len(rules) == 0 {
		t.Fatal("the rule registry is empty")
	}
	var buf bytes.Buffer
	if err := RulesMarkdown(&buf, rules); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("..", "docs", "rules.md")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, buf.Bytes()) {
		t.Errorf("docs/rules.md is stale: run go test ./report -update")
	}
	for _, r := range rules {
		if !bytes.Contains(got, []byte("\n## "+r.ID+"\n")) {
			t.Errorf("docs/rules.md has no section for %s", r.ID)
		}
	}
}

func TestRulesTableListsEveryRegisteredRuleWithinEightyColumns(t *testing.T) {
	rules := layout.Rules()
	var buf bytes.Buffer
	if err := RulesTable(&buf, rules); err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n\n")
	if len(blocks) != len(rules) {
		t.Fatalf("%d blocks, want one per rule (%d)", len(blocks), len(rules))
	}
	for i, r := range rules {
		if !strings.HasPrefix(blocks[i], r.ID+"  "+r.Severity.String()+"\n") {
			t.Errorf("block %d starts %q, want rule %s", i, strings.SplitN(blocks[i], "\n", 2)[0], r.ID)
		}
	}
	for _, line := range strings.Split(buf.String(), "\n") {
		link := strings.HasPrefix(strings.TrimSpace(line), "https://") && !strings.Contains(strings.TrimSpace(line), " ")
		if utf8.RuneCountInString(line) > RulesWidth && !link {
			t.Errorf("line of %d columns: %q", utf8.RuneCountInString(line), line)
		}
	}
}

func TestRulesJSONListsEveryRuleWithItsTargets(t *testing.T) {
	out := goldenOf(t, "rules.json.golden", func(w io.Writer) error { return RulesJSON(w, testRules()) })
	var doc struct {
		SchemaVersion int `json:"schema_version"`
		Rules         []struct {
			ID, Severity string
			Targets      []string
			AllTargets   bool `json:"all_targets"`
		}
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.SchemaVersion != 1 || len(doc.Rules) != 4 {
		t.Fatalf("schema %d with %d rules, want 1 and 4", doc.SchemaVersion, len(doc.Rules))
	}
	pb := doc.Rules[3]
	if pb.ID != "page-blob-required" || pb.AllTargets || strings.Join(pb.Targets, ",") != "vm-2012,vm-2014" {
		t.Errorf("page-blob-required = %+v", pb)
	}
	if nf := doc.Rules[1]; !nf.AllTargets || nf.Targets == nil || nf.Severity != "error" {
		t.Errorf("nested-folder = %+v, want all targets, an empty list and error", nf)
	}
}

func TestWrapBreaksAtSpacesAndKeepsLongWordsWhole(t *testing.T) {
	cases := []struct {
		in    string
		width int
		want  []string
	}{
		{"a bb ccc dddd", 6, []string{"a bb", "ccc", "dddd"}},
		{"https://example.com/a/very/long/link tail", 10, []string{"https://example.com/a/very/long/link", "tail"}},
		{"", 10, nil},
	}
	for _, c := range cases {
		if got := wrap(c.in, c.width); strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("wrap(%q, %d) = %q, want %q", c.in, c.width, got, c.want)
		}
	}
}
