package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/baklint/baklint/layout"
)

func TestTextMatchesGoldenFiles(t *testing.T) {
	for _, fx := range fixtures {
		for _, color := range []bool{false, true} {
			name := fx.name + ".txt.golden"
			if color {
				name = fx.name + ".color.txt.golden"
			}
			t.Run(name, func(t *testing.T) {
				var buf bytes.Buffer
				if err := Text(&buf, fx.res(), TextOptions{Color: color}); err != nil {
					t.Fatal(err)
				}
				golden(t, name, buf.Bytes())
			})
		}
	}
}

func TestTextUsesANSIColourOnlyWhenAsked(t *testing.T) {
	for _, color := range []bool{false, true} {
		var buf bytes.Buffer
		if err := Text(&buf, olaResult(), TextOptions{Color: color}); err != nil {
			t.Fatal(err)
		}
		if has := strings.Contains(buf.String(), "\x1b["); has != color {
			t.Errorf("Color=%v: escape codes present = %v", color, has)
		}
	}
}

func TestTextGroupsFindingsByFolderWithRemedies(t *testing.T) {
	var buf bytes.Buffer
	if err := Text(&buf, olaResult(), TextOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	// Each folder heading appears once, and before its findings.
	for _, f := range olaResult().Findings {
		dir := "(container root)"
		if i := strings.LastIndex(strings.TrimSuffix(f.Path, "/"), "/"); i >= 0 {
			dir = f.Path[:i]
		} else if strings.HasSuffix(f.Path, "/") {
			dir = strings.TrimSuffix(f.Path, "/")
		}
		head := strings.Index(out, "\n"+dir+"\n")
		if head < 0 || strings.Count(out, "\n"+dir+"\n") != 1 {
			t.Errorf("folder %q should head exactly one group", dir)
			continue
		}
		line := strings.Index(out[head:], f.Rule)
		if line < 0 || !strings.Contains(out[head:], f.Message) || !strings.Contains(out[head:], "fix: "+f.Remedy) {
			t.Errorf("%s on %s is missing its rule, message or remedy under %q", f.Rule, f.Path, dir)
		}
	}
}

func TestTextSummaryLineCountsFindingsFilesAndDatabases(t *testing.T) {
	cases := []struct {
		name string
		sum  layout.Summary
		inv  layout.InventoryStats
		want string
	}{
		{"plural counts", layout.Summary{Errors: 3, Warnings: 1}, layout.InventoryStats{Files: 42, Databases: 5}, "3 errors, 1 warning in 42 files, 5 databases"},
		{"singular counts", layout.Summary{Errors: 1, Warnings: 2}, layout.InventoryStats{Files: 1, Databases: 1}, "1 error, 2 warnings in 1 file, 1 database"},
		{"nothing found", layout.Summary{}, layout.InventoryStats{}, "0 errors, 0 warnings in 0 files, 0 databases"},
		{"infos only when present", layout.Summary{Infos: 2}, layout.InventoryStats{Files: 3, Databases: 1}, "0 errors, 0 warnings, 2 infos in 3 files, 1 database"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := summaryLine(c.sum, c.inv); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestEveryRendererShowsTheSummaryLintComputedWithoutRecounting(t *testing.T) {
	// Lint computes the summary, and a policy (layout.Config.Apply) may
	// recompute it; a renderer that counted again could disagree with the
	// exit code. A stored summary unlike the findings shows which is used.
	res := olaResult()
	res.Summary = layout.Summary{Errors: 11, Warnings: 13, Infos: 17}
	var text, js, page bytes.Buffer
	if err := Text(&text, res, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := JSON(&js, res, Meta{}); err != nil {
		t.Fatal(err)
	}
	if err := HTML(&page, res, HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(text.String(), "11 errors, 13 warnings, 17 infos in 9 files, 3 databases\n") {
		t.Errorf("text: last line wrong:\n%s", text.String())
	}
	if !strings.Contains(js.String(), `"summary": {
    "errors": 11,
    "warnings": 13,
    "infos": 17
  }`) {
		t.Errorf("JSON summary is not the stored one:\n%s", js.String())
	}
	for _, n := range []string{">11<", ">13<"} {
		if !strings.Contains(page.String(), n) {
			t.Errorf("HTML lacks the stored count %s", n)
		}
	}
}
