package report

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/baklint/baklint/bakhdr"
	"github.com/baklint/baklint/internal/testutil"
	"github.com/baklint/baklint/layout"
)

var screenshot = flag.String("screenshot", "", "also save the Chromium screenshot of the ola report to this path (e.g. ../docs/report.png)")

// chromium returns the headless browser, skipping locally when it is absent
// and failing in CI, where a skip would hide an untested page.
func chromium(t *testing.T) string {
	t.Helper()
	bin := os.Getenv("BAKLINT_CHROMIUM")
	if bin == "" {
		bin = "/usr/bin/chromium"
	}
	if _, err := os.Stat(bin); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Chromium is required in CI: %s: %v (.ci/run installs Debian's chromium package)", bin, err)
		}
		t.Skipf("Chromium not found at %s; set BAKLINT_CHROMIUM or apt-get install chromium", bin)
	}
	return bin
}

// runChromium runs one headless Chromium with a throwaway profile and every
// background fetch it would otherwise make switched off.
func runChromium(t *testing.T, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, chromium(t), append(base, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	return stdout.Bytes()
}

func TestHTMLRendersCountsTreeAndPlansInChromium(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	var buf bytes.Buffer
	if err := HTML(&buf, olaResult(), htmlOptions("ola")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	url := "file://" + page

	dom, err := html.Parse(bytes.NewReader(runChromium(t, "--dump-dom", url)))
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*html.Node{}
	var rules, folders, files, findings, dbs, batches, moves []*html.Node
	walk(dom, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		if id := attr(n, "id"); id != "" {
			byID[id] = n
		}
		switch {
		case n.Data == "tr" && attr(n, "data-rule") != "":
			rules = append(rules, n)
		case attr(n, "data-kind") == "folder":
			folders = append(folders, n)
		case attr(n, "data-kind") == "file":
			files = append(files, n)
		case n.Data == "li" && attr(n, "data-rule") != "":
			findings = append(findings, n)
		case attr(n, "data-database") != "":
			dbs = append(dbs, n)
		case attr(n, "data-batch") != "":
			batches = append(batches, n)
		case attr(n, "data-from") != "":
			moves = append(moves, n)
		}
	})

	res := olaResult()
	stats := []struct{ id, want string }{
		{"stat-files", "9"}, {"stat-databases", "3"}, {"stat-folders", "7"},
		{"stat-errors", "5"}, {"stat-warnings", "2"}, {"target", "vm-2014"},
		{"source", "https://contoso.blob.core.windows.net/sqlbackups"},
	}
	for _, s := range stats {
		n := byID[s.id]
		if n == nil {
			t.Errorf("no element #%s in the rendered page", s.id)
			continue
		}
		if got := strings.TrimSpace(text(n)); got != s.want {
			t.Errorf("#%s shows %q, want %q", s.id, got, s.want)
		}
	}
	ruleCounts := map[string]string{}
	for _, r := range rules {
		ruleCounts[attr(r, "data-rule")] = attr(r, "data-count")
	}
	if len(ruleCounts) != 7 || ruleCounts["nested-folder"] != "1" || ruleCounts["no-checksum"] != "1" {
		t.Errorf("findings by rule = %v, want 7 rules with 1 finding each", ruleCounts)
	}
	if len(findings) != len(res.Findings) {
		t.Errorf("%d findings in the tree, want %d", len(findings), len(res.Findings))
	}
	if len(files) != len(olaInventory().Files) {
		t.Errorf("%d files in the tree, want %d", len(files), len(olaInventory().Files))
	}
	tree := map[string]string{}
	for _, f := range folders {
		tree[attr(f, "data-path")] = attr(f, "data-violations")
	}
	wantTree := map[string]string{"": "7", "Misc": "3", "SQL01$PROD": "4", "SQL01$PROD/Sales/FULL": "2", "SQL01$PROD/Sales/LOG": "0", "SQL01$PROD/HR/LOG": "2"}
	for p, v := range wantTree {
		if tree[p] != v {
			t.Errorf("folder %q marks %q violations, want %q (tree: %v)", p, tree[p], v, tree)
		}
	}
	lastBackup := map[string]string{}
	for _, d := range dbs {
		lastBackup[attr(d, "data-database")] = attr(d, "data-last-backup")
	}
	if len(lastBackup) != 3 || lastBackup["Sales"] != "SQL01$PROD_Sales_LOG_20240301_013000.trn" {
		t.Errorf("databases = %v", lastBackup)
	}
	if len(batches) != 1 || attr(batches[0], "data-databases") != "3" {
		t.Errorf("want one batch of 3 databases, got %d rows", len(batches))
	}
	if len(moves) != 3 {
		t.Errorf("%d plan rows, want 3", len(moves))
	}

	png := filepath.Join(dir, "report.png")
	runChromium(t, "--hide-scrollbars", "--window-size=1280,1600", "--screenshot="+png, url)
	img, err := os.ReadFile(png)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	if !bytes.HasPrefix(img, []byte("\x89PNG\r\n\x1a\n")) || len(img) < 10_000 {
		t.Errorf("screenshot is not a plausible PNG (%d bytes)", len(img))
	}
	if *screenshot != "" {
		if err := os.WriteFile(*screenshot, img, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// measureBreaks is appended to a copy of a report (without its CSP, which
// forbids scripts) so that Chromium reports, through the dumped DOM, every
// identifier it laid out with a line break between two letters or digits.
const measureBreaks = `<script>
const broken = [];
const alnum = /[\p{L}\p{N}]/u;
for (const el of document.querySelectorAll('.path, .ident')) {
  let prev = null;
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const t = walker.currentNode;
    for (let i = 0; i < t.length; i++) {
      const r = document.createRange();
      r.setStart(t, i); r.setEnd(t, i + 1);
      const rects = r.getClientRects();
      if (!rects.length) continue;
      const cur = {top: rects[0].top, ch: t.data[i]};
      if (prev && cur.top > prev.top + 2 && alnum.test(cur.ch) && alnum.test(prev.ch)) broken.push(el.textContent);
      prev = cur;
    }
  }
}
document.body.setAttribute('data-broken', JSON.stringify(broken));
document.body.setAttribute('data-measured', document.querySelectorAll('.path, .ident').length);
</script>
</body>`

// longAccount is an account-wide lint whose database, folder and file names
// are long enough that a narrow window has to wrap them.
func longAccount(t *testing.T) *layout.Result {
	t.Helper()
	const db = "CustomerRelationshipManagementArchive2019"
	file := func(container, p, typ, first, last string) layout.File {
		f := layout.File{Container: container, Path: p, Size: 9216, BlobType: layout.BlobTypeOf("BlockBlob"), Tier: layout.TierOf("Hot"),
			Header: &bakhdr.Header{DatabaseName: db, BackupType: typ, Version: "15.0.2000", HasChecksums: true,
				Position: 1, FirstLSN: first, LastLSN: last, CheckpointLSN: first, FamilyCount: 1, FamilySequence: 1}}
		layout.Attribute(&f)
		return f
	}
	inv := &layout.Inventory{Source: "https://contosoarchive.blob.core.windows.net/", Location: testutil.Location("https://contosoarchive.blob.core.windows.net/"), Files: []layout.File{
		file("migrationstagingwesteurope", db+"/SQLPRODCLUSTER01INSTANCE_"+db+"_FULL_20240101010000.bak", "full", "20000000000100001", "20000000000900001"),
		file("migrationstagingwesteurope", db+"/SQLPRODCLUSTER01INSTANCE_"+db+"_LOG_20240101020000.trn", "log", "20000000000900001", "20000000002000001"),
		file("secondarystagingnortheurope", "Nested/Deeper/SQLPRODCLUSTER01INSTANCE_"+db+"_LOG_20240101030000.trn", "log", "20000000002000001", "20000000003000001"),
	}}
	tg, err := layout.LookupTarget("mi")
	if err != nil {
		t.Fatal(err)
	}
	return layout.Lint(inv, tg)
}

func TestAnAccountReportIsLabelledAndWrapsNoIdentifierMidWordInChromium(t *testing.T) {
	var buf bytes.Buffer
	if err := HTML(&buf, longAccount(t), HTMLOptions{Meta: Meta{Version: "1.0.0-test"}}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	csp := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy"[^>]*>`)
	if !csp.MatchString(page) {
		t.Fatal("the report has no CSP to lift for the measurement")
	}
	page = strings.Replace(csp.ReplaceAllString(page, ""), "</body>", measureBreaks, 1)
	file := filepath.Join(t.TempDir(), "account.html")
	if err := os.WriteFile(file, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	// A narrow window: every cell has to wrap what it can.
	dom, err := html.Parse(bytes.NewReader(runChromium(t, "--window-size=640,1200", "--dump-dom", "file://"+file)))
	if err != nil {
		t.Fatal(err)
	}
	var body, root *html.Node
	var estimates string
	walk(dom, func(n *html.Node) {
		switch {
		case n.Type == html.ElementNode && n.Data == "body":
			body = n
		case n.Type == html.ElementNode && attr(n, "data-kind") == "folder" && attr(n, "data-path") == "" && root == nil:
			root = n
		case n.Type == html.ElementNode && attr(n, "id") == "batch-estimates":
			estimates = text(n)
		}
	})
	if body == nil || attr(body, "data-measured") == "" || attr(body, "data-measured") == "0" {
		t.Fatalf("the measuring script did not run (data-measured=%q)", attr(body, "data-measured"))
	}
	if b := attr(body, "data-broken"); b != "[]" {
		t.Errorf("identifiers broken inside a word: %s", b)
	}
	if root == nil {
		t.Fatal("no root folder in the tree")
	}
	var label string
	walk(root, func(n *html.Node) {
		if label == "" && n.Type == html.ElementNode && strings.Contains(attr(n, "class"), "name") {
			label = text(n)
		}
	})
	if label != "account contosoarchive" {
		t.Errorf("the tree of an account starts at %q, want \"account contosoarchive\"", label)
	}
	if !strings.Contains(estimates, "none is estimated for target mi") || strings.Contains(estimates, "1 minute to cut over") {
		t.Errorf("batch note for a Managed Instance target: %q", estimates)
	}
}
