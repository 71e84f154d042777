package report

import (
	"bytes"
	"cmp"
	"encoding/json"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/layout"
)

func TestInventoryMatchesGoldenFiles(t *testing.T) {
	goldenOf(t, "ola.inventory.json.golden", func(w io.Writer) error { return InventoryJSON(w, olaInventory()) })
	goldenOf(t, "ola.inventory.table.golden", func(w io.Writer) error { return InventoryTable(w, olaInventory()) })
}

func TestInventoryJSONShowsHeaderAndErrorOnlyWhenThere(t *testing.T) {
	var buf bytes.Buffer
	if err := InventoryJSON(&buf, olaInventory()); err != nil {
		t.Fatal(err)
	}
	var got struct {
		SchemaVersion int    `json:"schema_version"`
		Source        string `json:"source"`
		Files         []map[string]any
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.SchemaVersion != 1 || got.Source != "https://contoso.blob.core.windows.net/sqlbackups" {
		t.Errorf("schema_version, source = %d, %q", got.SchemaVersion, got.Source)
	}
	inv := olaInventory()
	if len(got.Files) != len(inv.Files) {
		t.Fatalf("%d files, want %d", len(got.Files), len(inv.Files))
	}
	for i, f := range inv.Files {
		_, hasHeader := got.Files[i]["header"]
		_, hasErr := got.Files[i]["error"]
		if hasHeader != (f.Header != nil) {
			t.Errorf("%s: header present = %v, want %v", f.Path, hasHeader, f.Header != nil)
		}
		if hasErr != (f.Error != "") {
			t.Errorf("%s: error present = %v, want %v", f.Path, hasErr, f.Error != "")
		}
		for _, k := range []string{"path", "blob_type", "tier", "database", "attributed_by"} {
			if _, ok := got.Files[i][k].(string); !ok {
				t.Errorf("%s: %s = %v, want a string (empty when unknown)", f.Path, k, got.Files[i][k])
			}
		}
	}
	hdr := got.Files[0]["header"].(map[string]any)
	if hdr["database_name"] != "Finance" || hdr["first_lsn"] != "38000000010400037" {
		t.Errorf("header = %v", hdr)
	}
}

func TestInventoryJSONOfNoFilesHasAnEmptyArray(t *testing.T) {
	var buf bytes.Buffer
	if err := InventoryJSON(&buf, &layout.Inventory{Source: "/tmp/x"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"files": []`) {
		t.Errorf("want an empty files array:\n%s", buf.String())
	}
}

func TestInventoryTableAlignsEveryColumn(t *testing.T) {
	var buf bytes.Buffer
	if err := InventoryTable(&buf, olaInventory()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 1+len(olaInventory().Files) {
		t.Fatalf("%d lines, want header + %d", len(lines), len(olaInventory().Files))
	}
	// Every column after SIZE starts at the same rune offset on every line.
	for _, col := range []string{"TYPE", "TIER", "DATABASE", "BY", "BACKUP TYPE", "ERROR"} {
		at := runeIndex(lines[0], "  "+col) + 2
		for _, l := range lines[1:] {
			r := []rune(l)
			if at > len(r) || r[at-1] != ' ' || r[at-2] != ' ' || r[at] == ' ' {
				t.Errorf("column %s does not start at rune %d in %q", col, at, l)
			}
		}
	}
}

func runeIndex(s, sub string) int {
	i := strings.Index(s, sub)
	return len([]rune(s[:i]))
}

// TestInventoryJSONIsWhatEncodingJSONWrites compares the streamed inventory
// with encoding/json's indented encoding of the SPEC §6b envelope, over
// names that need escaping, account-wide containers, headers, errors with a
// SAS in them, and files out of order.
func TestInventoryJSONIsWhatEncodingJSONWrites(t *testing.T) {
	inv := olaInventory()
	awkward := []layout.File{
		{Container: "b", Path: "z/<script>&\"q\".bak", Size: 1, BlobType: layout.BlobTypeOf("BlockBlob"), Tier: layout.TierOf("Hot"), ETag: `"0x1"`, Database: "d", AttributedBy: layout.AttributionOf("name")},
		{Container: "a", Path: "Données/\u2028line\x01\xff.trn", Size: 1 << 40, BackupType: layout.BackupTypeOf("log"), Error: "read https://x.blob.core.windows.net/c/f?sv=1&sig=SECRET failed"},
		{Container: "a", Path: "back\\slash\ttab.bak", Database: "日本", AttributedBy: layout.AttributionOf("folder")},
	}
	for i := range inv.Files {
		inv.Files[i].Container = "m"
	}
	inv.Files = append(awkward, inv.Files...)
	var got bytes.Buffer
	if err := InventoryJSON(&got, inv); err != nil {
		t.Fatal(err)
	}
	want := slices.Clone(inv.Files)
	slices.SortStableFunc(want, func(a, b layout.File) int {
		return cmp.Or(strings.Compare(a.Container, b.Container), strings.Compare(a.Path, b.Path))
	})
	for i := range want {
		want[i].Error = blobscan.Redact(want[i].Error)
	}
	var ref bytes.Buffer
	enc := json.NewEncoder(&ref)
	enc.SetIndent("", "  ")
	if err := enc.Encode(struct {
		SchemaVersion int           `json:"schema_version"`
		Source        string        `json:"source"`
		Files         []layout.File `json:"files"`
	}{SchemaVersion, cleanSource(inv.Source), want}); err != nil {
		t.Fatal(err)
	}
	if got.String() != ref.String() {
		t.Fatalf("streamed inventory differs from encoding/json's:\n%s\nwant\n%s", got.String(), ref.String())
	}
	if strings.Contains(got.String(), "SECRET") {
		t.Fatal("a SAS signature reached the inventory")
	}
}
