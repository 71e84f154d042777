package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	var table, md bytes.Buffer
	if err := RulesTable(&table, testRules()); err != nil {
		t.Fatal(err)
	}
	if err := RulesMarkdown(&md, testRules()); err != nil {
		t.Fatal(err)
	}
	golden(t, "rules.table.golden", table.Bytes())
	golden(t, "rules.md.golden", md.Bytes())
	if !strings.Contains(md.String(), `Checksums \| catch corruption.`) {
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

func TestRulesTableListsEveryRegisteredRule(t *testing.T) {
	rules := layout.Rules()
	var buf bytes.Buffer
	if err := RulesTable(&buf, rules); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != len(rules)+1 {
		t.Fatalf("%d lines, want a header and %d rules", len(lines), len(rules))
	}
	for i, r := range rules {
		if !strings.HasPrefix(lines[i+1], r.ID+" ") || !strings.Contains(lines[i+1], r.Severity.String()) {
			t.Errorf("line %d = %q, want rule %s", i+1, lines[i+1], r.ID)
		}
	}
}
