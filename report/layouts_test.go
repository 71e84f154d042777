package report

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/internal/testutil"
	"github.com/baklint/baklint/layout"
)

// realLayouts pairs each synthetic layout of testdata/layouts (see its
// README) with the target whose rules it exercises.
var realLayouts = []struct{ name, target string }{
	{"ola", "any"},
	{"maintplan", "mi"},
	{"dbatools", "vm-2014"},
	{"managed", "vm-2012"},
	{"compliant", "lrs"},
	{"backupfolder", "lrs"},
	{"chains", "lrs"},
	{"misnamed", "any"},
}

// scanLayout inventories a layout through the scanner the CLI uses: the
// real local reader, its range reads and sniffs, the header decoder and
// layout.NewInventory.
func scanLayout(t *testing.T, name string) *layout.Inventory {
	t.Helper()
	r, err := blobscan.NewLocal(filepath.Join("..", "testdata", "layouts", name))
	if err != nil {
		t.Fatal(err)
	}
	scanned, err := blobscan.Scan(context.Background(), []blobscan.Reader{r}, blobscan.ScanOptions{Headers: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := range scanned {
		// No ETag: a local one encodes the mtime, which a fresh clone resets.
		scanned[i].ETag = ""
	}
	inv := layout.NewInventory(testutil.Location("layouts/"+name), scanned)
	if len(inv.Files) == 0 {
		t.Fatalf("layout %s is empty", name)
	}
	return inv
}

func lintLayout(t *testing.T, name, target string) (*layout.Inventory, *layout.Result) {
	t.Helper()
	tg, err := layout.LookupTarget(target)
	if err != nil {
		t.Fatal(err)
	}
	inv := scanLayout(t, name)
	return inv, layout.Lint(inv, tg)
}

// TestRealLayoutsRenderLikeTheirGoldenFiles lints every synthetic layout and
// renders text and JSON; SARIF output is validated against the schema.
func TestRealLayoutsRenderLikeTheirGoldenFiles(t *testing.T) {
	sch := sarifValidator(t)
	for _, l := range realLayouts {
		t.Run(l.name, func(t *testing.T) {
			_, res := lintLayout(t, l.name, l.target)
			meta := Meta{Version: "1.0.0-test"}
			prefix := "layouts/" + l.name + "." + l.target
			var text, js, sarif bytes.Buffer
			if err := Text(&text, res, TextOptions{}); err != nil {
				t.Fatal(err)
			}
			if err := JSON(&js, res, meta); err != nil {
				t.Fatal(err)
			}
			if err := SARIF(&sarif, res, meta); err != nil {
				t.Fatal(err)
			}
			golden(t, prefix+".txt.golden", text.Bytes())
			golden(t, prefix+".json.golden", js.Bytes())
			doc, err := jsonschema.UnmarshalJSON(&sarif)
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(doc); err != nil {
				t.Errorf("SARIF for %s is not valid 2.1.0: %v", l.name, err)
			}
		})
	}
}

func TestOlaLayoutInventoryAndHTMLMatchGoldenFiles(t *testing.T) {
	inv, res := lintLayout(t, "ola", "any")
	var table, js, page bytes.Buffer
	if err := InventoryTable(&table, inv); err != nil {
		t.Fatal(err)
	}
	if err := InventoryJSON(&js, inv); err != nil {
		t.Fatal(err)
	}
	if err := HTML(&page, res, HTMLOptions{Meta: Meta{Version: "1.0.0-test"}, Inventory: inv}); err != nil {
		t.Fatal(err)
	}
	golden(t, "layouts/ola.inventory.table.golden", table.Bytes())
	golden(t, "layouts/ola.inventory.json.golden", js.Bytes())
	golden(t, "layouts/ola.any.html.golden", page.Bytes())
}
