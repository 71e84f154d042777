package report

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/baklint/baklint/internal/testutil"
	"github.com/baklint/baklint/layout"
)

// sarifValidator compiles the official SARIF 2.1.0 schema from testdata,
// offline, with format assertions on so a malformed URI fails too.
func sarifValidator(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const id = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	if err := c.AddResource(id, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(id)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func TestSARIFValidatesAgainstTheOfficialSchema(t *testing.T) {
	sch := sarifValidator(t)
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			out := goldenOf(t, fx.name+".sarif.golden", func(w io.Writer) error {
				return SARIF(w, fx.res(), Meta{Version: "1.0.0-test", Rules: testRules()})
			})
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(doc); err != nil {
				t.Errorf("SARIF output is not valid 2.1.0: %v", err)
			}
		})
	}
}

// TestSARIFSchemaCatchesAnInvalidLog proves the validator is not vacuous.
func TestSARIFSchemaCatchesAnInvalidLog(t *testing.T) {
	sch := sarifValidator(t)
	bad := []string{
		`{"version":"2.1.0","runs":[{"tool":{"driver":{}}}]}`,
		`{"version":"2.0.0","runs":[]}`,
		`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},"level":"fatal"}]}]}`,
		`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x","rules":[{"id":"r","helpUri":"not a uri"}]}}}]}`,
	}
	for _, s := range bad {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(s)))
		if err != nil {
			t.Fatal(err)
		}
		if sch.Validate(doc) == nil {
			t.Errorf("schema accepted %s", s)
		}
	}
}

type sarifOut struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Name, Version string
				Rules         []struct {
					ID                   string
					HelpURI              string `json:"helpUri"`
					DefaultConfiguration struct{ Level string }
				}
			}
		}
		OriginalURIBaseIDs map[string]struct{ URI string } `json:"originalUriBaseIds"`
		Results            []struct {
			RuleID    string
			RuleIndex int
			Level     string
			Message   struct{ Text string }
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string
						URIBaseID string `json:"uriBaseId"`
					}
				}
			}
		}
	}
}

func decodeSARIF(t *testing.T, res *layout.Result, meta Meta) sarifOut {
	t.Helper()
	var buf bytes.Buffer
	if err := SARIF(&buf, res, meta); err != nil {
		t.Fatal(err)
	}
	var out sarifOut
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(out.Runs))
	}
	return out
}

func TestSARIFLocatesFindingsAtTheirBlobOrFile(t *testing.T) {
	cases := []struct {
		name, source, container, path string
		wantURI, wantBase             string
	}{
		{"container URL", "https://acct.blob.core.windows.net/bkp?sv=1&" + fakeSig, "", "SQL01/DB1/FULL/a b.bak",
			"https://acct.blob.core.windows.net/bkp/SQL01/DB1/FULL/a%20b.bak", ""},
		{"prefix is dropped: paths count from the container root", "https://acct.blob.core.windows.net/bkp/SQL01?" + fakeSig, "", "SQL01/DB1/x.bak",
			"https://acct.blob.core.windows.net/bkp/SQL01/DB1/x.bak", ""},
		{"emulator URL keeps its account", "http://127.0.0.1:10000/devstoreaccount1/bkp/pre", "", "DB/x#1.trn",
			"http://127.0.0.1:10000/devstoreaccount1/bkp/DB/x%231.trn", ""},
		{"account-wide scan adds the container", "https://acct.blob.core.windows.net/", "c1", "DB/x.bak",
			"https://acct.blob.core.windows.net/c1/DB/x.bak", ""},
		{"container-level finding points at the container", "https://acct.blob.core.windows.net/backups", "", "",
			"https://acct.blob.core.windows.net/backups", ""},
		{"local folder is relative to SRCROOT", "/srv/backups", "", "DB1/x.bak", "DB1/x.bak", "SRCROOT"},
		{"a colon cannot pass for a scheme", "/srv/backups", "", "c:x/y.bak", "./c:x/y.bak", "SRCROOT"},
		{"local root finding", "/srv/backups", "", "", "./", "SRCROOT"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := &layout.Result{Source: c.source, Location: testutil.Location(c.source), Findings: []layout.Finding{
				{Rule: "nested-folder", Severity: layout.Error, Container: c.container, Path: c.path, Message: "m"},
			}}
			out := decodeSARIF(t, res, Meta{})
			loc := out.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation
			if loc.URI != c.wantURI || loc.URIBaseID != c.wantBase {
				t.Errorf("location = %q (base %q), want %q (base %q)", loc.URI, loc.URIBaseID, c.wantURI, c.wantBase)
			}
		})
	}
}

func TestSARIFGivesEveryResultARuleAndLevel(t *testing.T) {
	out := decodeSARIF(t, accountResult(), Meta{Version: "2.0.0"})
	run := out.Runs[0]
	if run.Tool.Driver.Name != "baklint" || run.Tool.Driver.Version != "2.0.0" {
		t.Errorf("driver = %+v", run.Tool.Driver)
	}
	want := map[string]string{"reserved-keyword": "error", "striped-log-backup": "error", "case-collision": "note"}
	if len(run.Results) != len(want) {
		t.Fatalf("%d results, want %d", len(run.Results), len(want))
	}
	for _, r := range run.Results {
		if r.Level != want[r.RuleID] {
			t.Errorf("%s: level %q, want %q", r.RuleID, r.Level, want[r.RuleID])
		}
		if r.RuleIndex < 0 || r.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("%s: ruleIndex %d does not point at its descriptor", r.RuleID, r.RuleIndex)
		}
	}
}

func TestReportsLocateFindingsFromTheParsedLocationNotTheDisplayString(t *testing.T) {
	// The source string is only shown; SARIF's roots and the HTML's
	// account label come from the Location store.Open parsed. A display
	// string that says otherwise must not be parsed again.
	res := &layout.Result{Source: "shown only", Location: testutil.Location("http://127.0.0.1:10000/devstoreaccount1"),
		Findings: []layout.Finding{{Rule: "nested-folder", Severity: layout.Error, Container: "sales", Path: "a/b.bak", Message: "m"}}}
	loc := decodeSARIF(t, res, Meta{}).Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation
	if want := "http://127.0.0.1:10000/devstoreaccount1/sales/a/b.bak"; loc.URI != want {
		t.Errorf("SARIF location %q, want %q", loc.URI, want)
	}
	var page bytes.Buffer
	if err := HTML(&page, res, HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(page.String(), "account devstoreaccount1") {
		t.Error("the HTML tree is not labelled with the account")
	}
}
