package report

import (
	"bytes"
	"encoding/json"
	"io"
	"sort"
	"testing"
	"time"

	"github.com/baklint/baklint/layout"
)

func TestJSONMatchesGoldenFiles(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			goldenOf(t, fx.name+".json.golden", func(w io.Writer) error {
				return JSON(w, fx.res(), Meta{Version: "1.0.0-test", Rules: testRules()})
			})
		})
	}
}

func TestJSONArraysAreNeverNullForAnEmptyResult(t *testing.T) {
	res := emptyResult()
	res.Databases = []layout.Database{{Name: "NoFolders", Folders: nil}}
	var buf bytes.Buffer
	if err := JSON(&buf, res, Meta{}); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"databases", "findings", "batches"} {
		if _, ok := got[key].([]any); !ok {
			t.Errorf("%q is %v, want an array", key, got[key])
		}
	}
	db := got["databases"].([]any)[0].(map[string]any)
	if _, ok := db["folders"].([]any); !ok {
		t.Errorf("databases[0].folders is %v, want an array", db["folders"])
	}

	buf.Reset()
	if err := JSON(&buf, emptyResult(), Meta{}); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(buf.Bytes(), []byte("null")) {
		t.Errorf("empty result has a null:\n%s", buf.String())
	}
}

func TestJSONKeepsEverySpecFieldWithItsType(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, olaResult(), Meta{Version: "9.9.9"}); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got["schema_version"] != float64(1) {
		t.Errorf("schema_version = %v, want 1", got["schema_version"])
	}
	tool := got["tool"].(map[string]any)
	if tool["name"] != "baklint" || tool["version"] != "9.9.9" {
		t.Errorf("tool = %v", tool)
	}
	if got["source"] != "https://contoso.blob.core.windows.net/sqlbackups" || got["target"] != "vm-2014" {
		t.Errorf("source, target = %v, %v", got["source"], got["target"])
	}
	checks := []struct {
		obj  string
		keys []string
	}{
		{"inventory", []string{"files", "bytes", "folders", "databases"}},
		{"summary", []string{"errors", "warnings", "infos"}},
	}
	for _, c := range checks {
		m := got[c.obj].(map[string]any)
		for _, k := range c.keys {
			if _, ok := m[k].(float64); !ok {
				t.Errorf("%s.%s = %v, want a number", c.obj, k, m[k])
			}
		}
	}
	db := got["databases"].([]any)[0].(map[string]any)
	for _, k := range []string{"name", "attributed_by"} {
		if _, ok := db[k].(string); !ok {
			t.Errorf("databases[0].%s = %v, want a string", k, db[k])
		}
	}
	f := got["findings"].([]any)[0].(map[string]any)
	for _, k := range []string{"rule", "severity", "path", "database", "message", "remedy"} {
		if _, ok := f[k].(string); !ok {
			t.Errorf("findings[0].%s = %v, want a string", k, f[k])
		}
	}
	sum := got["summary"].(map[string]any)
	if sum["errors"] != float64(5) || sum["warnings"] != float64(2) || sum["infos"] != float64(0) {
		t.Errorf("summary = %v, want 5 errors, 2 warnings, 0 infos", sum)
	}
}

func TestJSONSortsFindingsByPathThenRule(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, olaResult(), Meta{}); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Findings []struct{ Path, Rule string }
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Findings) != len(olaResult().Findings) {
		t.Fatalf("%d findings, want %d", len(got.Findings), len(olaResult().Findings))
	}
	if !sort.SliceIsSorted(got.Findings, func(i, j int) bool {
		a, b := got.Findings[i], got.Findings[j]
		return a.Path < b.Path || a.Path == b.Path && a.Rule < b.Rule
	}) {
		t.Errorf("findings not sorted by path, then rule: %v", got.Findings)
	}
}

func TestJSONBatchesFollowTheWindow(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, olaResult(), Meta{Window: 2 * time.Minute}); err != nil {
		t.Fatal(err)
	}
	var got struct{ Batches []Batch }
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	// Three databases, two cutovers per window.
	if len(got.Batches) != 2 || len(got.Batches[0].Databases) != 2 || got.Batches[0].Databases[0] != "Sales" {
		t.Errorf("batches = %+v, want [Sales HR] [Finance]", got.Batches)
	}
}

func TestJSONGivesDataBytesOnlyForDatabasesWhoseFileListIsKnown(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, olaResult(), Meta{Version: "9.9.9"}); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Databases []map[string]any `json:"databases"`
		Batches   []map[string]any `json:"batches"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	for _, db := range got.Databases {
		v, ok := db["data_bytes"]
		if want := db["name"] == "Sales"; ok != want || ok && v != float64(salesDataBytes) {
			t.Errorf("database %v: data_bytes %v (present %v), want it only for Sales, %d", db["name"], v, ok, salesDataBytes)
		}
	}
	if b := got.Batches[0]; b["data_bytes"] != float64(salesDataBytes) || b["data_bytes_unknown"] != float64(2) {
		t.Errorf("batch %v: want data_bytes %d with 2 databases unknown", b, salesDataBytes)
	}
}
