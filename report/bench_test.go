package report

import (
	"fmt"
	"io"
	"testing"

	"github.com/baklint/baklint/internal/testutil"
	"github.com/baklint/baklint/layout"
)

// bigEstate is 10,000 files of 500 databases in an Ola tree, one finding
// per file: the size of estate the HTML tree and batch plan must handle.
func bigEstate() (*layout.Result, *layout.Inventory) {
	res := &layout.Result{Source: "https://acct.blob.core.windows.net/bkp", Location: testutil.Location("https://acct.blob.core.windows.net/bkp"), Target: "lrs"}
	inv := &layout.Inventory{Source: res.Source, Location: res.Location}
	for d := range 500 {
		db := fmt.Sprintf("DB%03d", d)
		res.Databases = append(res.Databases, layout.Database{Name: db, Files: 20, Bytes: int64(d+1) << 30, AttributedBy: layout.ByHeader})
		for i := range 20 {
			p := fmt.Sprintf("SQL01$PROD/%s/LOG/SQL01$PROD_%s_LOG_%04d.trn", db, db, i)
			inv.Files = append(inv.Files, layout.File{Path: p, Size: 1 << 20, BlobType: layout.BlobTypeOf("BlockBlob"), Tier: layout.TierOf("Hot"), Database: db, AttributedBy: layout.ByHeader})
			res.Findings = append(res.Findings, layout.Finding{Rule: "nested-folder", Severity: layout.Error, Path: p, Database: db, Message: "too deep", Remedy: "move it"})
		}
	}
	res.Inventory = layout.InventoryStats{Files: len(inv.Files), Databases: 500}
	return res, inv
}

func BenchmarkRenderBigEstate(b *testing.B) {
	res, inv := bigEstate()
	meta := Meta{Version: "bench", Rules: testRules()}
	formats := []struct {
		name   string
		render func(io.Writer) error
	}{
		{"html", func(w io.Writer) error { return HTML(w, res, HTMLOptions{Meta: meta, Inventory: inv}) }},
		{"json", func(w io.Writer) error { return JSON(w, res, meta) }},
		{"sarif", func(w io.Writer) error { return SARIF(w, res, meta) }},
		{"text", func(w io.Writer) error { return Text(w, res, TextOptions{}) }},
	}
	for _, f := range formats {
		b.Run(f.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := f.render(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
