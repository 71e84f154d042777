package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/baklint/baklint/bakhdr"
	"github.com/baklint/baklint/internal/testutil"
	"github.com/baklint/baklint/layout"
)

// splitAccount is the review's account: database Split has its full backup
// in container splita and its logs in splitb. DMS restores from one
// container, so splitb is missing its full.
func splitAccount(t *testing.T) *layout.Result {
	t.Helper()
	file := func(container, p, typ, first, last string) layout.File {
		f := layout.File{Container: container, Path: p, Size: 9216, BlobType: layout.BlobTypeOf("BlockBlob"), Tier: layout.TierOf("Hot"),
			Header: &bakhdr.Header{DatabaseName: "Split", BackupType: typ, Version: "15.0.2000", HasChecksums: true,
				Position: 1, FirstLSN: first, LastLSN: last, CheckpointLSN: first, FamilyCount: 1, FamilySequence: 1}}
		layout.Attribute(&f)
		return f
	}
	inv := &layout.Inventory{Source: "http://127.0.0.1:10000/devstoreaccount1", Location: testutil.Location("http://127.0.0.1:10000/devstoreaccount1"), Files: []layout.File{
		file("splita", "Split/Split_FULL.bak", "full", "20000000000100001", "20000000000900001"),
		file("splitb", "Split/Split_LOG_1.trn", "log", "20000000000900001", "20000000002000001"),
	}}
	tg, err := layout.LookupTarget("any")
	if err != nil {
		t.Fatal(err)
	}
	return layout.Lint(inv, tg)
}

func TestAccountWideLintNamesTheContainerInEveryFormat(t *testing.T) {
	res := splitAccount(t)

	var js bytes.Buffer
	if err := JSON(&js, res, Meta{Version: "test"}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Databases []struct{ Name, Container string }
		Findings  []struct{ Rule, Container, Path string }
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	var missing []string
	for _, f := range doc.Findings {
		if f.Container == "" {
			t.Errorf("JSON finding %s at %q has no container", f.Rule, f.Path)
		}
		if f.Rule == "missing-full-backup" {
			missing = append(missing, f.Container+":"+f.Path)
		}
	}
	if len(missing) != 1 || missing[0] != "splitb:Split/Split_LOG_1.trn" {
		t.Errorf("missing-full-backup at %q, want splitb:Split/Split_LOG_1.trn", missing)
	}
	if len(doc.Databases) != 2 || doc.Databases[0].Container != "splita" || doc.Databases[1].Container != "splitb" {
		t.Errorf("JSON databases %+v, want Split in splita and in splitb", doc.Databases)
	}

	out := decodeSARIF(t, res, Meta{})
	for _, r := range out.Runs[0].Results {
		if r.RuleID != "missing-full-backup" {
			continue
		}
		uri := r.Locations[0].PhysicalLocation.ArtifactLocation.URI
		if want := "http://127.0.0.1:10000/devstoreaccount1/splitb/Split/Split_LOG_1.trn"; uri != want {
			t.Errorf("SARIF location %q, want %q", uri, want)
		}
	}

	var text bytes.Buffer
	if err := Text(&text, res, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\nsplitb/Split\n", "splita/Split, splitb/Split"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, text.String())
		}
	}

	var page bytes.Buffer
	if err := HTML(&page, res, HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`data-container="splita"`, `data-container="splitb"`} {
		if !strings.Contains(page.String(), want) {
			t.Errorf("HTML report lacks %s", want)
		}
	}
}
