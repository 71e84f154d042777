// Package handoff turns a lint result into what starts the migrations (the
// `baklint script` command: PowerShell, az CLI or ARM REST bodies) and reads
// back what DMS or LRS reported when a migration failed (`baklint explain`).
// Which databases may be migrated is decided by layout.Result.Readiness;
// this package only writes it down.
package handoff

import (
	"cmp"
	"net/url"
	"strings"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/errclass"
	"github.com/baklint/baklint/layout"
	"github.com/baklint/baklint/report"
)

// Service is what restores the backups.
type Service int

const (
	LRS   Service = iota // Log Replay Service of Azure SQL Managed Instance
	DMSMI                // DMS to Azure SQL Managed Instance
	DMSVM                // DMS to SQL Server on an Azure VM
)

func (s Service) String() string {
	return [...]string{"LRS to Azure SQL Managed Instance", "DMS to Azure SQL Managed Instance", "DMS to SQL Server on an Azure VM"}[s]
}

// ServiceFor maps a target name (SPEC §3) to the service that migrates to
// it. "any" names no service: a script needs a real target.
func ServiceFor(target string) (Service, error) {
	switch {
	case strings.HasPrefix(target, "lrs"):
		return LRS, nil
	case strings.HasPrefix(target, "mi"):
		return DMSMI, nil
	case strings.HasPrefix(target, "vm-"):
		return DMSVM, nil
	}
	return 0, errclass.Errorf(errclass.BadInput, "script needs a concrete --target (lrs, mi or vm-2012 … vm-2025), not %q", target)
}

// Shells and authentication methods of `baklint script`.
const (
	ShellPowerShell = "powershell"
	ShellAz         = "az"
	ShellREST       = "rest"

	AuthSAS             = "sas"
	AuthManagedIdentity = "managed-identity"
	AuthAccountKey      = "account-key"
)

// Environment variables the scripts read secrets from. Secrets are never
// written into a script: whoever runs it sets these.
const (
	EnvSAS        = "BAKLINT_SAS"
	EnvAccountKey = "BAKLINT_STORAGE_KEY"
)

// Options are what `baklint script` knows beyond the lint result. Empty
// Azure values become placeholders such as <resource-group>.
type Options struct {
	Shell  string
	Auth   string // "" picks the service's default: sas for LRS, account-key for DMS
	Online bool   // LRS continuous mode / DMS online: no last backup name
	// ServiceURL is the storage account endpoint with a trailing '/' ("" for
	// a local source, which is not uploaded yet: a placeholder is used).
	ServiceURL string
	// Account is the storage account name ("" when unknown).
	Account string
	// Container is the container of a single-container source; databases
	// of an account-wide result carry their own.
	Container string
	Azure     Azure
}

// Azure names the resources the commands act on.
type Azure struct {
	Subscription     string
	ResourceGroup    string
	Instance         string // managed instance or SQL virtual machine name
	MigrationService string // resource ID of the DMS (sqlMigrationServices) instance
	StorageAccountID string // resource ID of the storage account (DMS)
	Location         string // Azure region of the managed instance (REST, LRS)
	Collation        string // LRS: collation of the restored database
}

// DefaultCollation is what LRS is given when --collation is not: the
// service requires one, and the restore keeps the backup's own.
const DefaultCollation = "SQL_Latin1_General_CP1_CI_AS"

// job is the migration of one ready database.
type job struct {
	Name           string // source and target database name
	Folder         string // "" is the container root
	Container      string // the database's own container (account-wide); "" means the source's
	LastBackupName string
}

// plan is the whole hand-off: batches of jobs and the databases left out.
type plan struct {
	Service  Service
	Auth     string
	Target   string
	Source   string
	Batches  [][]job
	NotReady []layout.DatabaseReadiness
	// Unwritable are ready jobs a shell script cannot carry (NUL bytes).
	Unwritable []job
}

func newPlan(r *layout.Result, o Options) (*plan, error) {
	svc, err := ServiceFor(r.Target)
	if err != nil {
		return nil, err
	}
	auth, err := authFor(svc, o)
	if err != nil {
		return nil, err
	}
	p := &plan{Service: svc, Auth: auth, Target: r.Target, Source: blobscan.Redact(r.Source)}
	// A ready database's name is unique in the source (Readiness refuses
	// duplicates), so container and name find the folder Readiness chose.
	type key struct{ container, name string }
	folders := map[key]string{}
	var ready []layout.Database
	for _, rd := range r.Readiness() {
		if !rd.Ready {
			p.NotReady = append(p.NotReady, rd)
			continue
		}
		ready = append(ready, rd.Database)
		folders[key{rd.Database.Container, rd.Database.Name}] = rd.Folder
	}
	for _, b := range report.Batches(ready, 0) {
		var js []job
		for _, db := range b.DBs {
			js = append(js, job{Name: db.Name, Folder: folders[key{db.Container, db.Name}], Container: db.Container, LastBackupName: db.LastBackupName})
		}
		p.Batches = append(p.Batches, js)
	}
	return p, nil
}

// whyNotReady says why rd is not ready: its reasons, and its blocking
// findings as "rule path: message". The text is raw; each output escapes
// it its own way. Both slices are non-nil, as the REST document lists
// them even when empty.
func whyNotReady(rd layout.DatabaseReadiness) (reasons, findings []string) {
	reasons, findings = append([]string{}, rd.Reasons...), []string{}
	for _, f := range rd.Blocking {
		findings = append(findings, f.Rule+" "+f.Path+": "+f.Message)
	}
	return reasons, findings
}

func authFor(svc Service, o Options) (string, error) {
	auth := o.Auth
	if auth == "" {
		auth = AuthAccountKey
		if svc == LRS {
			auth = AuthSAS
		}
	}
	switch {
	case auth != AuthSAS && auth != AuthManagedIdentity && auth != AuthAccountKey:
		return "", errclass.Errorf(errclass.BadInput, "unknown --auth %q: use sas, managed-identity or account-key", auth)
	case svc == LRS && auth == AuthAccountKey:
		return "", errclass.Errorf(errclass.BadInput, "LRS reads the container with a SAS or a managed identity, not an account key: use --auth sas or --auth managed-identity")
	case svc != LRS && auth == AuthSAS:
		return "", errclass.Errorf(errclass.BadInput, "DMS reads Azure Blob Storage with an account key or a managed identity, not a SAS: use --auth account-key or --auth managed-identity")
	case svc == LRS && auth == AuthManagedIdentity && o.Shell == ShellAz:
		return "", errclass.Errorf(errclass.BadInput, "az sql midb log-replay start documents no managed identity option (only --storage-sas): use --auth sas, or --shell powershell or rest")
	case svc == DMSVM && auth == AuthManagedIdentity && o.Shell == ShellPowerShell:
		return "", errclass.Errorf(errclass.BadInput, "New-AzDataMigrationToSqlVM takes no managed identity parameters: use --auth account-key, or --shell az or rest")
	}
	return auth, nil
}

// Placeholders for values the user did not give. They look like what they
// stand for and cannot be mistaken for a real name.
const (
	phSubscription     = "<subscription-id>"
	phResourceGroup    = "<resource-group>"
	phManagedInstance  = "<managed-instance>"
	phSQLVM            = "<sql-virtual-machine>"
	phMigrationService = "/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.DataMigration/sqlMigrationServices/<migration-service>"
	phStorageAccountID = "/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.Storage/storageAccounts/<storage-account>"
	phServiceURL       = "https://<storage-account>.blob.core.windows.net/"
	phContainer        = "<container>"
	phLocation         = "<region>"
)

func isPlaceholder(s string) bool { return strings.Contains(s, "<") && strings.Contains(s, ">") }

// instanceLabel is what the instance variable is called in the scripts.
func (p *plan) instancePlaceholder() string {
	if p.Service == DMSVM {
		return phSQLVM
	}
	return phManagedInstance
}

// storageURI is the container URL plus the database's folder: where LRS
// looks for its backups. Each segment is escaped as a URL path.
func storageURI(o Options, j job) string {
	base := cmp.Or(o.ServiceURL, phServiceURL)
	u := base + escapeSegment(cmp.Or(j.Container, cmp.Or(o.Container, phContainer)))
	if j.Folder != "" {
		u += "/" + (&url.URL{Path: j.Folder}).EscapedPath()
	}
	return u
}

func escapeSegment(s string) string {
	if isPlaceholder(s) {
		return s
	}
	return url.PathEscape(s)
}

// blobContainerName is what DMS calls blobContainerName: the container,
// then the database's folder, unescaped.
func blobContainerName(o Options, j job) string {
	c := cmp.Or(j.Container, cmp.Or(o.Container, phContainer))
	if j.Folder == "" {
		return c
	}
	return c + "/" + j.Folder
}

func (p *plan) ready() int {
	n := 0
	for _, b := range p.Batches {
		n += len(b)
	}
	return n
}

// Check validates o for target before anything is scanned, so that bad
// flags fail fast with exit 2.
func Check(target string, o Options) error {
	switch o.Shell {
	case "", ShellPowerShell, ShellAz, ShellREST:
	default:
		return errclass.Errorf(errclass.BadInput, "unknown --shell %q: use powershell, az or rest", o.Shell)
	}
	svc, err := ServiceFor(target)
	if err != nil {
		return err
	}
	_, err = authFor(svc, o)
	return err
}
