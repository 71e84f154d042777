package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/baklint/baklint/bakhdr"
	"github.com/baklint/baklint/internal/testutil"
	"github.com/baklint/baklint/layout"
)

func nested(db, p string) layout.Finding {
	return layout.Finding{Rule: "nested-folder", Severity: layout.Error, Path: p, Database: db,
		Message: "backup is 3 folders below the container root", Remedy: "move to " + db + "/" + p[strings.LastIndex(p, "/")+1:] + " (baklint fix does this)"}
}

func TestGroupFindingsFoldsLikeFindingsOfOneRuleAndFirstLevelFolder(t *testing.T) {
	fs := []layout.Finding{
		nested("HR", "SRV$A/HR/FULL/hr_full.bak"),
		nested("HR", "SRV$A/HR/LOG/hr_log1.trn"),
		nested("Sales", "SRV$A/Sales/FULL/sales_full.bak"),
		nested("Sales", "SRV$B/Sales/FULL/sales_full.bak"), // another first-level folder: alone
		{Rule: "no-checksum", Severity: layout.Warning, Path: "SRV$A/HR/FULL/hr_full.bak", Database: "HR", Message: "taken without WITH CHECKSUM"},
		{Rule: "mixed-databases", Severity: layout.Error, Path: "Misc/", Message: "holds backups of 2 databases"},
	}
	groups, of := groupFindings(fs)
	if len(groups) != 1 {
		t.Fatalf("%d groups, want 1: %+v", len(groups), groups)
	}
	g := groups[0]
	if g.Rule != "nested-folder" || g.Folder != "SRV$A" || g.Count() != 3 || g.Where() != "below SRV$A/" {
		t.Errorf("group %+v", g)
	}
	if g.Remedy != "move to <db>/<file> (baklint fix does this)" {
		t.Errorf("remedy %q: the file and database names should be generalised", g.Remedy)
	}
	if want := []int{0, 0, 0, -1, -1, -1}; fmt.Sprint(of) != fmt.Sprint(want) {
		t.Errorf("membership %v, want %v", of, want)
	}
	if g.Rel(fs[1]) != "HR/LOG/hr_log1.trn" {
		t.Errorf("Rel = %q", g.Rel(fs[1]))
	}
}

func TestGroupFindingsNeedsGroupMinLikeFindings(t *testing.T) {
	fs := []layout.Finding{nested("HR", "S/HR/FULL/a.bak"), nested("HR", "S/HR/FULL/b.bak")}
	if groups, _ := groupFindings(fs); len(groups) != 0 {
		t.Errorf("%d findings grouped; GroupMin is %d", len(fs), GroupMin)
	}
	// Different messages (after generalising) are different groups.
	fs = append(fs, nested("HR", "S/HR/FULL/c.bak"))
	fs[2].Message = "backup is 4 folders below the container root"
	if groups, _ := groupFindings(fs); len(groups) != 0 {
		t.Errorf("findings with other messages grouped: %+v", groups)
	}
	// Another container is another group.
	for i := range fs {
		fs[i].Message = fs[0].Message
	}
	fs[2].Container = "other"
	if groups, _ := groupFindings(fs); len(groups) != 0 {
		t.Errorf("findings of two containers grouped: %+v", groups)
	}
}

func TestGeneraliseReplacesOnlyWholeDatabaseNames(t *testing.T) {
	g := generaliser{}
	f := layout.Finding{Path: "X/HR/a.bak", Database: "HR"}
	cases := map[string]string{
		"move to HR/a.bak":             "move to <db>/<file>",
		"HR_Archive and SQL01$HR stay": "HR_Archive and SQL01$HR stay",
		"database HR, on SQL01":        "database <db>, on SQL01",
	}
	for in, want := range cases {
		if got := g.apply(in, f); got != want {
			t.Errorf("apply(%q) = %q, want %q", in, got, want)
		}
	}
}

// thousandLogs is a folder of one full and 1,000 log backups, all taken
// without checksums: 1,001 no-checksum findings, one group.
func thousandLogs(t *testing.T) (*layout.Inventory, *layout.Result) {
	t.Helper()
	inv := &layout.Inventory{Source: "https://contoso.blob.core.windows.net/logs", Location: testutil.Location("https://contoso.blob.core.windows.net/logs"), Files: []layout.File{}}
	add := func(p, typ string, first, last int64) {
		f := layout.File{Path: p, Size: 8192, BlobType: layout.BlobTypeOf("BlockBlob"), Tier: layout.TierOf("Hot"),
			Header: &bakhdr.Header{DatabaseName: "Billing", BackupType: typ, Version: "16.0.1000", Position: 1,
				FirstLSN: fmt.Sprint(first), LastLSN: fmt.Sprint(last), CheckpointLSN: fmt.Sprint(first), FamilyCount: 1, FamilySequence: 1}}
		layout.Attribute(&f)
		inv.Files = append(inv.Files, f)
	}
	const base = 50000000000000001
	add("Billing/Billing_FULL.bak", "full", base, base+100)
	for i := range 1000 {
		add(fmt.Sprintf("Billing/Billing_LOG_%04d.trn", i), "log", base+100+int64(i)*100, base+200+int64(i)*100)
	}
	tg, err := layout.LookupTarget("any")
	if err != nil {
		t.Fatal(err)
	}
	return inv, layout.Lint(inv, tg)
}

func TestAThousandLogBackupsWithoutChecksumsAreOneGroup(t *testing.T) {
	_, res := thousandLogs(t)
	n := 0
	for _, f := range res.Findings {
		if f.Rule == "no-checksum" {
			n++
		}
	}
	if n != 1001 {
		t.Fatalf("%d no-checksum findings, want 1,001 (the fixture is off)", n)
	}
	var text, page, js bytes.Buffer
	if err := Text(&text, res, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := HTML(&page, res, HTMLOptions{Meta: Meta{Version: "1.0.0-test", Rules: testRules()}}); err != nil {
		t.Fatal(err)
	}
	golden(t, "layouts/thousand-logs.any.txt.golden", text.Bytes())
	golden(t, "layouts/thousand-logs.any.html.golden", page.Bytes())
	if c := strings.Count(text.String(), "no-checksum"); c != 1 {
		t.Errorf("text names no-checksum %d times, want one group line", c)
	}
	if !strings.Contains(text.String(), "1001 files below Billing/") || !strings.Contains(text.String(), "… and 998 more") {
		t.Errorf("text group lacks its count:\n%s", text.String())
	}
	groups, singles := htmlFindings(t, page.Bytes())
	if len(groups) != 1 || groups[0] != "no-checksum:1001" || len(singles) != 0 {
		t.Errorf("HTML groups %v, single findings %v; want one no-checksum group of 1001", groups, singles)
	}
	// JSON keeps one finding per file.
	if err := JSON(&js, res, Meta{}); err != nil {
		t.Fatal(err)
	}
	if c := strings.Count(js.String(), `"rule": "no-checksum"`); c != 1001 {
		t.Errorf("JSON has %d no-checksum findings, want 1001", c)
	}
}

func TestTheOlaTreeIsOneNestedFolderGroupInTextAndHTML(t *testing.T) {
	inv, res := lintLayout(t, "ola", "any")
	var text, page bytes.Buffer
	if err := Text(&text, res, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := HTML(&page, res, HTMLOptions{Meta: Meta{Version: "1.0.0-test"}, Inventory: inv}); err != nil {
		t.Fatal(err)
	}
	if c := strings.Count(text.String(), "nested-folder"); c != 1 || !strings.Contains(text.String(), "15 files below SQL01$PROD/") {
		t.Errorf("text names nested-folder %d times, want one group of 15:\n%s", c, text.String())
	}
	groups, singles := htmlFindings(t, page.Bytes())
	if len(groups) != 1 || groups[0] != "nested-folder:15" || len(singles) != 0 {
		t.Errorf("HTML groups %v, single findings %v; want one nested-folder group of 15", groups, singles)
	}
}

// htmlFindings lists the page's finding groups as rule:count, and its
// single findings by rule.
func htmlFindings(t *testing.T, page []byte) (groups, singles []string) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	walk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode || n.Data != "li" || attr(n, "data-rule") == "" {
			return
		}
		if strings.Contains(attr(n, "class"), "group") {
			groups = append(groups, attr(n, "data-rule")+":"+attr(n, "data-count"))
		} else {
			singles = append(singles, attr(n, "data-rule"))
		}
	})
	return groups, singles
}
