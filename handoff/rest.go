package handoff

import (
	"cmp"
	"encoding/json"
	"net/url"
	"strings"
)

// API versions of the request bodies (SPEC §10).
const (
	APIDataMigration = "2025-06-30" // Microsoft.DataMigration/databaseMigrations
	APISQL           = "2025-01-01" // Microsoft.Sql/managedInstances/databases
)

// RESTDocument is what --shell rest writes: one ARM request per ready
// database, in batch order, after the databases left out.
type RESTDocument struct {
	Tool     string        `json:"tool"`
	Service  string        `json:"service"`
	Target   string        `json:"target"`
	Source   string        `json:"source"`
	Secrets  string        `json:"secrets"`
	NotReady []RESTSkipped `json:"not_ready"`
	Requests []RESTRequest `json:"requests"`
}

// RESTSkipped is a database that is not ready, with why.
type RESTSkipped struct {
	Database string   `json:"database"`
	Folders  []string `json:"folders"`
	Reasons  []string `json:"reasons"`
	Findings []string `json:"findings"`
}

// RESTRequest is one PUT: its URL and body.
type RESTRequest struct {
	Batch    int    `json:"batch"`
	Database string `json:"database"`
	Method   string `json:"method"`
	URL      string `json:"url"`
	Body     any    `json:"body"`
}

// Placeholders for secrets inside REST bodies: substitute them from the
// environment when sending (for example with envsubst).
var secretPlaceholder = map[string]string{EnvSAS: "${" + EnvSAS + "}", EnvAccountKey: "${" + EnvAccountKey + "}"}

func writeREST(b *strings.Builder, p *plan, o Options) error {
	doc := RESTDocument{Tool: "baklint", Service: p.Service.String(), Target: p.Target, Source: p.Source,
		NotReady: []RESTSkipped{}, Requests: []RESTRequest{}}
	if e := secretEnv(p); e != "" {
		doc.Secrets = "bodies hold " + secretPlaceholder[e] + " where the secret goes: substitute it from the environment when sending (envsubst); it is never written here"
	} else {
		doc.Secrets = "none: storage is read with the target's system-assigned managed identity"
	}
	for _, rd := range p.NotReady {
		reasons, findings := whyNotReady(rd)
		doc.NotReady = append(doc.NotReady, RESTSkipped{Database: rd.Database.Name, Folders: rd.Database.Folders, Reasons: reasons, Findings: findings})
	}
	v := azureValues(p, o)
	for i, batch := range p.Batches {
		for _, j := range batch {
			doc.Requests = append(doc.Requests, RESTRequest{Batch: i + 1, Database: j.Name, Method: "PUT", URL: restURL(p, v, j), Body: restBody(p, o, v, j)})
		}
	}
	enc := json.NewEncoder(b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

// restURL is the ARM URL of the resource the PUT creates; v holds the
// values azureValues resolved.
func restURL(p *plan, v map[string]string, j job) string {
	u := "https://management.azure.com/subscriptions/" + escapeSegment(v[vSubscription]) +
		"/resourceGroups/" + escapeSegment(v[vResourceGroup]) + "/providers/"
	inst := escapeSegment(v[vInstance])
	db := url.PathEscape(j.Name)
	switch p.Service {
	case LRS:
		return u + "Microsoft.Sql/managedInstances/" + inst + "/databases/" + db + "?api-version=" + APISQL
	case DMSVM:
		u += "Microsoft.SqlVirtualMachine/sqlVirtualMachines/" + inst
	default:
		u += "Microsoft.Sql/managedInstances/" + inst
	}
	return u + "/providers/Microsoft.DataMigration/databaseMigrations/" + db + "?api-version=" + APIDataMigration
}

// restBody is the request body: a ManagedDatabase with createMode
// RestoreExternalBackup for LRS, a DatabaseMigrationSqlMi or
// DatabaseMigrationSqlVm for DMS.
func restBody(p *plan, o Options, v map[string]string, j job) any {
	if p.Service == LRS {
		props := map[string]any{"createMode": "RestoreExternalBackup", "storageContainerUri": storageURI(o, j),
			"collation": v[vCollation]}
		if p.Auth == AuthManagedIdentity {
			props["storageContainerIdentity"] = "ManagedIdentity"
		} else {
			props["storageContainerIdentity"] = "SharedAccessSignature"
			props["storageContainerSasToken"] = secretPlaceholder[EnvSAS]
		}
		if !o.Online {
			props["autoCompleteRestore"] = true
			props["lastBackupName"] = j.LastBackupName
		}
		return map[string]any{"location": cmp.Or(o.Azure.Location, phLocation), "properties": props}
	}
	kind := "SqlMi"
	if p.Service == DMSVM {
		kind = "SqlVm"
	}
	scope := scopeTemplate(p, func(k string) string { return v[k] })
	props := map[string]any{"kind": kind, "scope": scope, "sourceDatabaseName": j.Name,
		"migrationService": v[vMigrationService],
		"backupConfiguration": map[string]any{"sourceLocation": map[string]any{
			"azureBlob": azureBlob(p, blobContainerName(o, j), v[vStorageAccountID], secretPlaceholder[EnvAccountKey])}}}
	if !o.Online {
		props["offlineConfiguration"] = offlineConfig(j)
	}
	return map[string]any{"properties": props}
}
