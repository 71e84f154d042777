package report

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/baklint/baklint/layout"
)

// TestNoSASSignatureSurvivesIntoAnyFormat plants a SAS in every source the
// fixtures have (and in a file error, a plan destination and a message) and
// greps each format of the registry for it: a format added there is
// checked without a line here.
func TestNoSASSignatureSurvivesIntoAnyFormat(t *testing.T) {
	secret := strings.TrimPrefix(fakeSig, "sig=")
	inv := olaInventory()
	opts := htmlOptions("ola")
	job := Job{Result: leakyResult(), Meta: opts.Meta, Plan: opts.Plan, Color: true,
		Inventory: func() *layout.Inventory { return inv },
		Source:    inv.Source, Files: slices.Values(inv.Files)}
	for _, command := range []string{"lint", "scan"} {
		for _, name := range FormatNames(command) {
			t.Run(command+" "+name, func(t *testing.T) {
				f, err := LookupFormat(command, name)
				if err != nil {
					t.Fatal(err)
				}
				out := rendered(t, func(b *bytes.Buffer) error { return f.Render(b, job) })
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
}

// rendered is what render writes, failing the test if it fails.
func rendered(t *testing.T, render func(*bytes.Buffer) error) string {
	t.Helper()
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func leakyResult() *layout.Result {
	res := olaResult()
	res.Findings[0].Message += " (https://contoso.blob.core.windows.net/sqlbackups/x?" + fakeSig + ")"
	res.Findings[1].Remedy += "; DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey=c2VjcmV0a2V5;"
	return res
}
