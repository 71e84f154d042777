package report

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
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
