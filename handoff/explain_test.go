package handoff

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/baklint/baklint/errclass"
	"github.com/baklint/baklint/layout"
)

const restoreDetailsSpec = specs + "sql/resource-manager/Microsoft.Sql/stable/2025-01-01/ManagedDatabaseRestoreDetails.json"

// specCodes are the error codes the restoreDetails specification lists.
func specCodes(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile(restoreDetailsSpec)
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Paths map[string]map[string]struct {
			Responses map[string]struct{ Description string } `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(raw, &spec); err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, ops := range spec.Paths {
		for _, m := range regexp.MustCompile(`\* \d{3} (\w+) - `).FindAllStringSubmatch(ops["get"].Responses["default"].Description, -1) {
			codes = append(codes, m[1])
		}
	}
	return codes
}

func TestEveryRestoreDetailsErrorCodeIsMappedToRulesOrListedAsNotCovered(t *testing.T) {
	codes := specCodes(t)
	if len(codes) < 40 {
		t.Fatalf("only %d codes read from %s", len(codes), restoreDetailsSpec)
	}
	var known []string // explain maps only to rules that exist: a finding must be able to show up
	for _, r := range layout.Rules() {
		known = append(known, r.ID)
	}
	for _, c := range codes {
		if _, ok := LookupCode(c); !ok {
			t.Errorf("%s (in the specification) is not in Codes", c)
		}
	}
	covered := 0
	for _, e := range Codes {
		if e.Remedy == "" {
			t.Errorf("%s has no remedy", e.Code)
		}
		if (len(e.Rules) == 0) == (e.NotCovered == "") {
			t.Errorf("%s: give either rules or the reason none covers it, not both or neither", e.Code)
		}
		for _, r := range e.Rules {
			if !slices.Contains(known, r) {
				t.Errorf("%s maps to %q, which is not a rule ID", e.Code, r)
			}
		}
		if len(e.Rules) > 0 {
			covered++
		}
	}
	t.Logf("%d specification codes; %d entries, %d covered by rules", len(codes), len(Codes), covered)
}

// handMade builds, for a code, the three documents that carry it: an LRS
// restoreDetails blocked on it, a DMS migration whose restore is blocked on
// it, and an ARM error response.
func handMade(code string) map[string]string {
	return map[string]string{
		"lrs":   `{"properties":{"type":"LRSRestore","status":"Blocked","blockReason":"` + code + `"}}`,
		"dms":   `{"properties":{"kind":"SqlMi","migrationStatus":"InProgress","migrationStatusDetails":{"restoreBlockingReason":"` + code + `"}}}`,
		"error": `{"error":{"code":"` + code + `","message":"x"}}`,
	}
}

func TestEachCodeARuleCoversIsExplainedByThatRuleInEveryKindOfDocument(t *testing.T) {
	for _, e := range Codes {
		for kind, doc := range handMade(e.Code) {
			st, err := ParseStatus([]byte(doc))
			if err != nil {
				t.Fatalf("%s/%s: %v", e.Code, kind, err)
			}
			items := Explain(st, nil)
			if len(items) != 1 || !items[0].Known || items[0].Code != e.Code || !slices.Equal(items[0].Entry.Rules, e.Rules) {
				t.Errorf("%s/%s: explained as %+v", e.Code, kind, items)
			}
		}
	}
}

func TestUnknownCodesAndMessagesAreListedNeverDropped(t *testing.T) {
	st, err := ParseStatus([]byte(`{"properties":{"kind":"SqlMi","migrationStatusDetails":{"restoreBlockingReason":"BrandNewRefusalCode","fileUploadBlockingErrors":["the upload stalled for reasons"]}}}`))
	if err != nil {
		t.Fatal(err)
	}
	items := Explain(st, nil)
	if len(items) != 2 || items[0].Known || items[0].Code != "BrandNewRefusalCode" || items[1].Known || items[1].Code != "" {
		t.Fatalf("items %+v", items)
	}
	var b bytes.Buffer
	if err := WriteExplanation(&b, st, items, nil); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"BrandNewRefusalCode (unknown code", "unrecognised message", "the upload stalled"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, b.String())
		}
	}
}

func TestMalformedOrForeignDocumentsAreBadInput(t *testing.T) {
	for _, doc := range []string{`{`, `[]`, `"x"`, `{"properties":{"foo":1}}`, ``} {
		if _, err := ParseStatus([]byte(doc)); !errors.Is(err, errclass.BadInput) {
			t.Errorf("%q: error %v, want bad input", doc, err)
		}
	}
}

// explainCases pair status documents with the layout whose findings lie
// behind them, and the finding each must show.
var explainCases = []struct {
	doc, layout, target string
	wantRule, wantPath  string // a finding the explanation must show
}{
	{specs + "sql/resource-manager/Microsoft.Sql/stable/2025-01-01/examples/ManagedDatabaseRestoreDetails.json", "", "", "", ""},
	{specs + "datamigration/resource-manager/Microsoft.DataMigration/DataMigration/stable/2025-06-30/examples/SqlMiGetDatabaseMigrationExpanded.json", "", "", "", ""},
	{specs + "datamigration/resource-manager/Microsoft.DataMigration/stable/2025-06-30/examples/SqlVmGetDatabaseMigrationExpanded.json", "", "", "", ""},
	{"testdata/status/lrs-log-gap.json", "chains", "lrs", "log-chain-gap", "Broken/SQL05_Broken_LOG_20240101_040000.trn"},
	{"testdata/status/lrs-missing-stripe.json", "chains", "lrs", "incomplete-stripe-set", "Striped/SQL05_Striped_FULL_20240101_010000_1.bak"},
	{"testdata/status/lrs-unrestorable.json", "dbatools", "lrs", "non-backup-file", "Payroll/readme.txt"},
	{"testdata/status/dms-mixed-databases.json", "maintplan", "mi", "mixed-databases", "nightly/"},
	{"testdata/status/dms-vm-failed.json", "chains", "vm-2019", "version-too-new", "NewVersion/SQL05_NewVersion_FULL_20240101_010000.bak"},
	{"testdata/status/arm-error.json", "", "", "", ""},
	// The JSON of the PowerShell object, whose model flattens nested
	// properties into prefixed names (MigrationStatusDetailMigrationState is
	// the name the cmdlet's documentation shows).
	{"testdata/status/dms-powershell.json", "chains", "mi", "log-chain-gap", "Broken/SQL05_Broken_LOG_20240101_040000.trn"},
}

func TestExplainOnTheSpecificationExamplesAndHandMadeDocumentsMatchesItsGoldenFiles(t *testing.T) {
	for _, tc := range explainCases {
		name := strings.TrimSuffix(filepath.Base(tc.doc), ".json")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(tc.doc)
			if err != nil {
				t.Fatal(err)
			}
			st, err := ParseStatus(raw)
			if err != nil {
				t.Fatal(err)
			}
			var res *layout.Result
			if tc.layout != "" {
				res = lintLayout(t, tc.layout, tc.target)
			}
			items := Explain(st, res)
			var b bytes.Buffer
			if err := WriteExplanation(&b, st, items, res); err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", "explain", name+".txt"), b.Bytes())
			if tc.wantRule == "" {
				return
			}
			found := false
			for _, it := range items {
				for _, f := range it.Findings {
					found = found || (f.Rule == tc.wantRule && f.Path == tc.wantPath)
				}
			}
			if !found {
				t.Errorf("no %s finding on %s behind the refusal:\n%s", tc.wantRule, tc.wantPath, b.String())
			}
		})
	}
}

func TestTheSpecificationExamplesParseAsTheirKind(t *testing.T) {
	for _, tc := range explainCases[:3] {
		raw, err := os.ReadFile(tc.doc)
		if err != nil {
			t.Fatal(err)
		}
		st, err := ParseStatus(raw)
		if err != nil {
			t.Fatalf("%s: %v", tc.doc, err)
		}
		wantKind := "DMS"
		if strings.Contains(tc.doc, "RestoreDetails") {
			wantKind = "LRS"
		}
		if st.Kind != wantKind || st.State == "" || st.Database == "" {
			t.Errorf("%s: kind %q state %q database %q", filepath.Base(tc.doc), st.Kind, st.State, st.Database)
		}
	}
}

func TestExplainSaysWhetherTheDatabaseIsReadyNowAsScriptDecides(t *testing.T) {
	cases := []struct{ layout, db, want string }{
		{"compliant", "Sales", `database "Sales" is ready now (folder "Sales"`},
		{"chains", "Broken", `database "Broken" is not ready:`},
		{"chains", "Nobody", `holds no database called "Nobody"`},
	}
	for _, tc := range cases {
		doc := `{"id":"/subscriptions/s/resourceGroups/r/providers/Microsoft.Sql/managedInstances/m/databases/` + tc.db +
			`/restoreDetails/current","properties":{"type":"LRSRestore","status":"Blocked","blockReason":"BrokenRestorePlanGapInLogBackups"}}`
		st, err := ParseStatus([]byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		res := lintLayout(t, tc.layout, "lrs")
		var b bytes.Buffer
		if err := WriteExplanation(&b, st, Explain(st, res), res); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), tc.want) {
			t.Errorf("%s/%s: output lacks %q:\n%s", tc.layout, tc.db, tc.want, b.String())
		}
	}
}

// A file name may itself hold ", ": the refusal keeps the names apart, so
// the finding on that very file is attached and none on a file whose name
// is only part of it.
func TestExplainMatchesAFileWhoseNameHoldsACommaAndSpace(t *testing.T) {
	doc := `{"properties":{"kind":"SqlMi","migrationStatusDetails":{"activeBackupSets":[{"listOfBackupFiles":[` +
		`{"fileName":"Sales, old.bak"},{"fileName":"Other.bak"}],"ignoreReasons":["FullBackupDamaged"]}]}}}`
	st, err := ParseStatus([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	whole := layout.Finding{Rule: "truncated-backup", Severity: layout.Error, Path: "Sales/Sales, old.bak", Database: "Sales"}
	part := layout.Finding{Rule: "truncated-backup", Severity: layout.Error, Path: "Sales/old.bak", Database: "Sales"}
	res := &layout.Result{Findings: []layout.Finding{whole, part}}
	items := Explain(st, res)
	if len(items) != 1 {
		t.Fatalf("items = %+v, want one", items)
	}
	if got := items[0].Files; !slices.Equal(got, []string{"Sales, old.bak", "Other.bak"}) {
		t.Errorf("files = %q, want the two names as reported", got)
	}
	if got := items[0].Findings; len(got) != 1 || got[0].Path != whole.Path {
		t.Errorf("findings = %+v, want only the one on %q", got, whole.Path)
	}
}
