package handoff

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/baklint/baklint/layout"
)

// The official specifications, as ../shared holds them (copied unchanged
// from Azure/azure-rest-api-specs); CI runs beside it.
const specs = "../../shared/schemas/azure-rest-api-specs/specification/"

// Swagger definitions the bodies must satisfy. Swagger 2.0 schemas are a
// draft-4 subset; $refs across files (ProxyResource, TrackedResource,
// ManagedServiceIdentity in the common-types files) resolve through the
// compiler's file loader.
var bodySchemas = map[Service]string{
	LRS:   specs + "sql/resource-manager/Microsoft.Sql/stable/2025-01-01/ManagedDatabases.json#/definitions/ManagedDatabase",
	DMSMI: specs + "datamigration/resource-manager/Microsoft.DataMigration/stable/2025-06-30/sqlmigration.json#/definitions/DatabaseMigrationSqlMi",
	DMSVM: specs + "datamigration/resource-manager/Microsoft.DataMigration/stable/2025-06-30/sqlmigration.json#/definitions/DatabaseMigrationSqlVm",
}

func compileBodySchemas(t *testing.T) map[Service]*jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	out := map[Service]*jsonschema.Schema{}
	for svc, ref := range bodySchemas {
		file, frag, _ := strings.Cut(ref, "#")
		abs, err := filepath.Abs(file)
		if err != nil {
			t.Fatal(err)
		}
		s, err := c.Compile("file://" + filepath.ToSlash(abs) + "#" + frag)
		if err != nil {
			t.Fatalf("compile %s: %v", ref, err)
		}
		out[svc] = s
	}
	return out
}

func restDoc(t *testing.T, r *layout.Result, o Options) RESTDocument {
	t.Helper()
	o.Shell = ShellREST
	var doc RESTDocument
	if err := json.Unmarshal([]byte(script(t, r, o)), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// bodyValue turns a decoded body back into what the validator reads.
func bodyValue(t *testing.T, body any) any {
	t.Helper()
	raw, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestEveryRESTBodyValidatesAgainstTheOfficialSchemaOfItsService(t *testing.T) {
	schemas := compileBodySchemas(t)
	checked := map[Service]int{}
	variants := []Options{{}, {Online: true}, {Auth: AuthManagedIdentity},
		{Azure: Azure{Subscription: "00000000-1111-2222-3333-444444444444", ResourceGroup: "rg", Instance: "mi1", Location: "westeurope"}}}
	for _, name := range layouts {
		for _, target := range scriptTargets {
			r := lintLayout(t, name, target)
			svc, _ := ServiceFor(target)
			for _, o := range variants {
				for _, req := range restDoc(t, r, o).Requests {
					if err := schemas[svc].Validate(bodyValue(t, req.Body)); err != nil {
						t.Errorf("%s/%s %s: body does not validate: %v", name, target, req.Database, err)
					}
					checked[svc]++
				}
			}
		}
	}
	for svc := range bodySchemas {
		if checked[svc] == 0 {
			t.Errorf("no %s body was checked", svc)
		}
	}
}

func TestTheValidatorRejectsABodyWithAWrongTypeOrAMissingRequiredProperty(t *testing.T) {
	schemas := compileBodySchemas(t)
	r := lintLayout(t, "compliant", "mi")
	body := restDoc(t, r, Options{}).Requests[0].Body.(map[string]any)
	props := body["properties"].(map[string]any)

	props["offlineConfiguration"] = map[string]any{"offline": "yes", "lastBackupName": "x.trn"}
	if err := schemas[DMSMI].Validate(bodyValue(t, body)); err == nil {
		t.Error("offline as a string was accepted")
	}
	props["offlineConfiguration"] = map[string]any{"offline": true, "lastBackupName": "x.trn"}
	delete(props, "kind")
	if err := schemas[DMSMI].Validate(bodyValue(t, body)); err == nil {
		t.Error("a DMS body without its required kind was accepted")
	}

	lrs := restDoc(t, lintLayout(t, "compliant", "lrs"), Options{}).Requests[0].Body.(map[string]any)
	if err := schemas[LRS].Validate(bodyValue(t, lrs)); err != nil {
		t.Fatalf("the unchanged LRS body is refused: %v", err)
	}
	delete(lrs, "location")
	if err := schemas[LRS].Validate(bodyValue(t, lrs)); err == nil {
		t.Error("a managed database without its required location was accepted")
	}
	lrs["location"] = "westeurope"
	lrs["properties"].(map[string]any)["autoCompleteRestore"] = "true"
	if err := schemas[LRS].Validate(bodyValue(t, lrs)); err == nil {
		t.Error("autoCompleteRestore as a string was accepted")
	}
}

func TestRESTBodiesPointEachServiceAtTheDatabasesFolderWithTheBareLastBackupName(t *testing.T) {
	o := Options{ServiceURL: "https://acct.blob.core.windows.net/", Container: "migr"}
	for _, target := range []string{"lrs", "mi"} {
		r := lintLayout(t, "compliant", target)
		want := map[string]string{}
		for _, rd := range r.Readiness() {
			want[rd.Database.Name] = rd.Database.LastBackupName
		}
		doc := restDoc(t, r, o)
		if len(doc.Requests) != 2 {
			t.Fatalf("%s: %d requests, want 2", target, len(doc.Requests))
		}
		for _, req := range doc.Requests {
			props := req.Body.(map[string]any)["properties"].(map[string]any)
			if target == "lrs" {
				if props["storageContainerUri"] != "https://acct.blob.core.windows.net/migr/"+req.Database || props["lastBackupName"] != want[req.Database] {
					t.Errorf("lrs %s: uri %v, last %v", req.Database, props["storageContainerUri"], props["lastBackupName"])
				}
				if !strings.Contains(req.URL, "/databases/"+req.Database+"?api-version="+APISQL) {
					t.Errorf("lrs url %s", req.URL)
				}
				continue
			}
			blob := props["backupConfiguration"].(map[string]any)["sourceLocation"].(map[string]any)["azureBlob"].(map[string]any)
			off := props["offlineConfiguration"].(map[string]any)
			if blob["blobContainerName"] != "migr/"+req.Database || off["lastBackupName"] != want[req.Database] || strings.Contains(want[req.Database], "/") {
				t.Errorf("mi %s: container %v, last %v", req.Database, blob["blobContainerName"], off["lastBackupName"])
			}
			if !strings.Contains(req.URL, "/databaseMigrations/"+req.Database+"?api-version="+APIDataMigration) {
				t.Errorf("mi url %s", req.URL)
			}
		}
	}
}
