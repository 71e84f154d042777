package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/baklint/baklint/layout"
)

// TestNoSASSignatureSurvivesIntoAnyFormat plants a SAS in every source the
// fixtures have (and in a file error, a plan destination and a message) and
// greps each format for it.
func TestNoSASSignatureSurvivesIntoAnyFormat(t *testing.T) {
	secret := strings.TrimPrefix(fakeSig, "sig=")
	formats := []struct {
		name   string
		render func(*bytes.Buffer) error
	}{
		{"json", func(b *bytes.Buffer) error { return JSON(b, leakyResult(), Meta{}) }},
		{"text", func(b *bytes.Buffer) error { return Text(b, leakyResult(), TextOptions{Color: true}) }},
		{"sarif", func(b *bytes.Buffer) error { return SARIF(b, leakyResult(), Meta{}) }},
		{"html", func(b *bytes.Buffer) error {
			opts := htmlOptions("ola")
			return HTML(b, leakyResult(), opts)
		}},
		{"inventory json", func(b *bytes.Buffer) error { return InventoryJSON(b, olaInventory()) }},
		{"inventory table", func(b *bytes.Buffer) error { return InventoryTable(b, olaInventory()) }},
	}
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := f.render(&buf); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			if len(out) < 100 {
				t.Fatalf("suspiciously short output: %q", out)
			}
			for _, leak := range []string{secret, "sig=Zm9v", "AccountKey=c2VjcmV0"} {
				if strings.Contains(out, leak) {
					t.Errorf("output holds %q", leak)
				}
			}
		})
	}
}

func leakyResult() *layout.Result {
	res := olaResult()
	res.Findings[0].Message += " (https://contoso.blob.core.windows.net/sqlbackups/x?" + fakeSig + ")"
	res.Findings[1].Remedy += "; DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey=c2VjcmV0a2V5;"
	return res
}
