package report

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/baklint/baklint/bakhdr"
	"github.com/baklint/baklint/internal/testutil"
	"github.com/baklint/baklint/layout"
)

// olaPlan is a fix plan for olaResult, in the generic shape HTML takes.
func olaPlan() *PlanSummary {
	return &PlanSummary{
		Dest: "https://contoso.blob.core.windows.net/flat?" + fakeSig,
		Moves: []PlanRow{
			{From: "SQL01$PROD/Sales/FULL/SQL01$PROD_Sales_FULL_20240301_010000.bak", To: "Sales/SQL01$PROD_Sales_FULL_20240301_010000.bak", Database: "Sales", Size: 9_000_000_000, Note: "block blob → page blob"},
			{From: "SQL01$PROD/Sales/LOG/SQL01$PROD_Sales_LOG_20240301_003000.trn", To: "Sales/SQL01$PROD_Sales_LOG_20240301_003000.trn", Database: "Sales", Size: 600_000_000},
			{From: "Misc/Finance.bak", To: "Finance/Finance.bak", Database: "Finance", Size: 52_428_800},
		},
		Skipped: []PlanSkip{{Path: "Misc/readme.txt", Reason: "not a backup"}},
	}
}

func htmlOptions(name string) HTMLOptions {
	opts := HTMLOptions{Meta: Meta{Version: "1.0.0-test", Rules: testRules()}}
	if name == "ola" {
		opts.Inventory = olaInventory()
		opts.Plan = olaPlan()
	}
	return opts
}

func TestHTMLMatchesGoldenFiles(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			goldenOf(t, fx.name+".html.golden", func(w io.Writer) error { return HTML(w, fx.res(), htmlOptions(fx.name)) })
		})
	}
}

// TestHTMLLoadsNothingFromOutside walks the page: no script, no linked
// stylesheet, no remote image or CSS url(), and a CSP that forbids loads.
func TestHTMLLoadsNothingFromOutside(t *testing.T) {
	doc := olaPage(t)
	csp := false
	walk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		switch n.Data {
		case "script", "link", "iframe", "object", "embed", "img", "video", "audio", "base":
			t.Errorf("page has a <%s> element", n.Data)
		case "meta":
			if attr(n, "http-equiv") == "Content-Security-Policy" && strings.Contains(attr(n, "content"), "default-src 'none'") {
				csp = true
			}
		case "style":
			if css := text(n); strings.Contains(css, "url(") || strings.Contains(css, "@import") {
				t.Errorf("inline CSS loads something: %q", css)
			}
		}
		for _, a := range n.Attr {
			if a.Key == "src" || a.Key == "srcset" || (a.Key == "href" && n.Data != "a") {
				t.Errorf("<%s %s=%q> loads a resource", n.Data, a.Key, a.Val)
			}
		}
	})
	if !csp {
		t.Error("no Content-Security-Policy with default-src 'none'")
	}
}

func walk(n *html.Node, fn func(*html.Node)) {
	fn(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	})
	return b.String()
}

// A broken chain has no last_backup_name; the page says how far it
// restores, and says it is not a name to hand DMS or LRS.
func TestHTMLShowsRestorableUntilForABrokenChainAndNoLastBackupName(t *testing.T) {
	res := &layout.Result{Target: "lrs", Findings: []layout.Finding{}, Databases: []layout.Database{
		{Name: "Ops", Folders: []string{"Ops"}, ChainStatus: layout.ChainBroken, RestorableUntil: "Ops_LOG_1.trn", ServerName: `SQL01\PROD`},
		{Name: "Sales", Folders: []string{"Sales"}, ChainStatus: layout.ChainComplete, LastBackupName: "Sales_LOG_9.trn"},
	}}
	var buf bytes.Buffer
	if err := HTML(&buf, res, HTMLOptions{Meta: Meta{Version: "test"}}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{`data-last-backup=""`, "restorable until", `data-restorable-until="Ops_LOG_1.trn"`, `data-last-backup="Sales_LOG_9.trn"`, `SQL01\PROD`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

func TestHTMLShowsEachDatabasesFileListAndRestoredSize(t *testing.T) {
	doc := olaPage(t)
	physical := map[string][]string{} // database -> physical names shown
	dataBytes := map[string]string{}  // database -> data-data-bytes
	var batchBytes []string
	walk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode || n.Data != "tr" {
			return
		}
		if db := attr(n, "data-database"); db != "" {
			walk(n, func(c *html.Node) {
				if c.Type == html.ElementNode && c.Data == "tr" && attr(c, "data-physical-name") != "" {
					physical[db] = append(physical[db], attr(c, "data-physical-name"))
				}
				if c.Type == html.ElementNode && c.Data == "td" && attr(c, "data-data-bytes") != "" {
					dataBytes[db] = attr(c, "data-data-bytes") + " " + strings.TrimSpace(text(c))
				}
			})
		}
		if attr(n, "data-batch") != "" {
			walk(n, func(c *html.Node) {
				if c.Type == html.ElementNode && c.Data == "td" && attr(c, "data-data-bytes") != "" {
					batchBytes = append(batchBytes, strings.TrimSpace(text(c)))
				}
			})
		}
	})
	if got := strings.Join(physical["Sales"], "|"); got != `D:\Data\Sales.mdf|L:\Log\Sales_log.ldf` {
		t.Errorf("Sales's file list shows %q, want its data and log file", got)
	}
	if len(physical["HR"]) != 0 {
		t.Errorf("HR shows a file list %v it does not have", physical["HR"])
	}
	if got := dataBytes["Sales"]; got != "15032385536 14.0 GiB" {
		t.Errorf("Sales's restored size cell %q, want 15032385536 shown as 14.0 GiB", got)
	}
	if got := dataBytes["HR"]; got != "0 –" {
		t.Errorf("HR's restored size cell %q, want a dash", got)
	}
	if len(batchBytes) != 1 || batchBytes[0] != "≥ 14.0 GiB (2 databases unknown)" {
		t.Errorf("batch restored size %q, want a lower bound naming the 2 unknown databases", batchBytes)
	}
}

// olaPage is the parsed HTML report of the ola fixture.
func olaPage(t *testing.T) *html.Node {
	t.Helper()
	var buf bytes.Buffer
	if err := HTML(&buf, olaResult(), htmlOptions("ola")); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// Two databases named Sales from two servers (another BindingID each) are
// two databases: each lists its own backups in the report, not both's.
func TestTwoDatabasesSharingANameEachListOnlyTheirOwnFiles(t *testing.T) {
	file := func(p, server, binding, typ, first, last string) layout.File {
		f := layout.File{Path: p, Size: 9216, BlobType: layout.BlobTypeOf("BlockBlob"), Tier: layout.TierOf("Hot"),
			Header: &bakhdr.Header{DatabaseName: "Sales", ServerName: server, BindingID: binding, BackupType: typ, Version: "15.0.2000",
				HasChecksums: true, Position: 1, FirstLSN: first, LastLSN: last, CheckpointLSN: first, FamilyCount: 1, FamilySequence: 1}}
		layout.Attribute(&f)
		return f
	}
	const a, b = "11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222"
	inv := &layout.Inventory{Source: "/x", Location: testutil.Location("/x"), Files: []layout.File{
		file("SalesA/full.bak", "SQL01", a, "full", "20000000000100001", "20000000000900001"),
		file("SalesA/log.trn", "SQL01", a, "log", "20000000000900001", "20000000002000001"),
		file("SalesB/full.bak", "SQL02", b, "full", "30000000000100001", "30000000000900001"),
	}}
	tg, err := layout.LookupTarget("any")
	if err != nil {
		t.Fatal(err)
	}
	res := layout.Lint(inv, tg)
	dbs := sortedDatabases(res.Databases)
	if len(dbs) != 2 {
		t.Fatalf("%d databases, want two named Sales", len(dbs))
	}
	for k, fs := range filesByDatabase(res, inv, dbs) {
		want := map[string]int{"SQL01": 2, "SQL02": 1}[dbs[k].ServerName]
		if len(fs) != want {
			t.Errorf("Sales of %s lists %d files, want its own %d", dbs[k].ServerName, len(fs), want)
		}
		for _, f := range fs {
			if f.Header.ServerName != dbs[k].ServerName {
				t.Errorf("Sales of %s lists %s, a backup of %s's", dbs[k].ServerName, f.Path, f.Header.ServerName)
			}
		}
	}
}
