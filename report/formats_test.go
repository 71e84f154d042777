package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/baklint/baklint/layout"
)

func TestEachCommandOffersItsFormatsDefaultFirst(t *testing.T) {
	cases := []struct{ command, names, usage string }{
		{"lint", "text json sarif html", "text, json, sarif or html"},
		{"scan", "table json", "table or json"},
		{"fix", "text json", "text or json"},
		{"rules", "text json", "text or json"},
		{"nope", "", ""},
	}
	for _, c := range cases {
		if got := strings.Join(FormatNames(c.command), " "); got != c.names {
			t.Errorf("FormatNames(%s) = %q, want %q", c.command, got, c.names)
		}
		if got := FormatUsage(c.command); got != c.usage {
			t.Errorf("FormatUsage(%s) = %q, want %q", c.command, got, c.usage)
		}
	}
}

func TestLookupFormatRefusesAFormatOfAnotherCommand(t *testing.T) {
	if _, err := LookupFormat("scan", "sarif"); err == nil || !strings.Contains(err.Error(), "use table or json") {
		t.Errorf("scan --format sarif: err %v, want one naming table and json", err)
	}
	if f, err := LookupFormat("lint", "sarif"); err != nil || f.Name != "sarif" {
		t.Errorf("lint --format sarif: %+v, %v", f, err)
	}
}

func TestEveryLintFormatRendersWhatItsRendererWrites(t *testing.T) {
	// The registry must route each name to its own renderer: a swapped
	// entry would still render something.
	res, meta := olaResult(), Meta{Version: "1.0.0-test"}
	direct := map[string]func(*bytes.Buffer) error{
		"text":  func(b *bytes.Buffer) error { return Text(b, res, TextOptions{Window: meta.Window}) },
		"json":  func(b *bytes.Buffer) error { return JSON(b, res, meta) },
		"sarif": func(b *bytes.Buffer) error { return SARIF(b, res, meta) },
		"html": func(b *bytes.Buffer) error {
			return HTML(b, res, HTMLOptions{Meta: meta, Inventory: olaInventory()})
		},
	}
	for _, name := range FormatNames("lint") {
		f, err := LookupFormat("lint", name)
		if err != nil {
			t.Fatal(err)
		}
		var got, want bytes.Buffer
		job := Job{Result: res, Meta: meta, Inventory: func() *layout.Inventory { return olaInventory() }}
		if err := f.Render(&got, job); err != nil {
			t.Fatal(err)
		}
		if err := direct[name](&want); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("--format %s does not render as its renderer does", name)
		}
	}
}
