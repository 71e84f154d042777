package handoff

import "net/url"

// The commands that start one database's migration, per service and shell.
// Arguments are data: the dialects in script.go decide how each is quoted.

type argKind int

const (
	argLit    argKind = iota // a literal value, quoted by the dialect
	argVar                   // a script variable (see vars)
	argEnv                   // an environment variable holding a secret
	argSwitch                // a flag without a value
	argJSON                  // a JSON object that may embed variables (az only)
	argConcat                // literal and variable pieces joined into one word
)

// piece is one part of an argConcat value.
type piece struct {
	isVar bool
	s     string // literal text or variable key
}

type arg struct {
	flag   string
	kind   argKind
	val    string // literal, variable key or environment variable name
	json   any
	pieces []piece
}

type command struct {
	name string
	args []arg
}

// Script variables: every Azure name the user may not have given is one
// variable set once at the top, so placeholders are edited in one place.
const (
	vSubscription     = "subscription"
	vResourceGroup    = "resourceGroup"
	vInstance         = "instance"
	vMigrationService = "migrationService"
	vStorageAccountID = "storageAccountId"
	vScope            = "scope"
	vCollation        = "collation"
	vStorageEndpoint  = "storageEndpoint"
	vContainer        = "container"
)

// uriArg is the storage URI of j for LRS: the account endpoint, the
// container and the database's folder, each segment escaped as a URL path.
func uriArg(flag string, j job) arg {
	ps := []piece{{isVar: true, s: vStorageEndpoint}}
	if j.Container == "" {
		ps = append(ps, piece{isVar: true, s: vContainer})
	} else {
		ps = append(ps, piece{s: escapeSegment(j.Container)})
	}
	if j.Folder != "" {
		ps = append(ps, piece{s: "/" + (&url.URL{Path: j.Folder}).EscapedPath()})
	}
	return arg{flag: flag, kind: argConcat, pieces: ps}
}

// containerArg is DMS's blobContainerName for j: container/folder.
func containerArg(flag string, j job) arg {
	ps := []piece{{s: j.Container}}
	if j.Container == "" {
		ps[0] = piece{isVar: true, s: vContainer}
	}
	if j.Folder != "" {
		ps = append(ps, piece{s: "/" + j.Folder})
	}
	return arg{flag: flag, kind: argConcat, pieces: ps}
}

func lit(flag, v string) arg    { return arg{flag: flag, kind: argLit, val: v} }
func vr(flag, key string) arg   { return arg{flag: flag, kind: argVar, val: key} }
func env(flag, name string) arg { return arg{flag: flag, kind: argEnv, val: name} }
func sw(flag string) arg        { return arg{flag: flag, kind: argSwitch} }

// Sentinels stand for variables inside argJSON values; the az dialect
// splices the shell variable in between single-quoted JSON pieces.
func jsonVar(key string) string  { return "\x00var:" + key + "\x00" }
func jsonEnv(name string) string { return "\x00env:" + name + "\x00" }

func psCommand(p *plan, j job, o Options) command {
	switch p.Service {
	case LRS:
		args := []arg{vr("-ResourceGroupName", vResourceGroup), vr("-InstanceName", vInstance), lit("-Name", j.Name),
			vr("-Collation", vCollation), uriArg("-StorageContainerUri", j)}
		if p.Auth == AuthManagedIdentity {
			args = append(args, lit("-StorageContainerIdentity", "ManagedIdentity"))
		} else {
			args = append(args, env("-StorageContainerSasToken", EnvSAS))
		}
		if !o.Online {
			args = append(args, sw("-AutoCompleteRestore"), lit("-LastBackupName", j.LastBackupName))
		}
		return command{"Start-AzSqlInstanceDatabaseLogReplay", args}
	default:
		name, instFlag, kind := "New-AzDataMigrationToSqlManagedInstance", "-ManagedInstanceName", "SqlMi"
		if p.Service == DMSVM {
			name, instFlag, kind = "New-AzDataMigrationToSqlVM", "-SqlVirtualMachineName", "SqlVm"
		}
		args := []arg{vr("-SubscriptionId", vSubscription), vr("-ResourceGroupName", vResourceGroup), vr(instFlag, vInstance),
			lit("-TargetDbName", j.Name), lit("-Kind", kind), vr("-Scope", vScope), vr("-MigrationService", vMigrationService),
			lit("-SourceDatabaseName", j.Name), vr("-AzureBlobStorageAccountResourceId", vStorageAccountID)}
		if p.Auth == AuthManagedIdentity {
			args = append(args, lit("-AzureBlobAuthType", "ManagedIdentity"), lit("-AzureBlobIdentityType", "SystemAssigned"))
		} else {
			args = append(args, env("-AzureBlobAccountKey", EnvAccountKey))
		}
		args = append(args, containerArg("-AzureBlobContainerName", j))
		if !o.Online {
			args = append(args, sw("-Offline"), lit("-OfflineConfigurationLastBackupName", j.LastBackupName))
		}
		return command{name, args}
	}
}

func azCommand(p *plan, j job, o Options) command {
	switch p.Service {
	case LRS:
		args := []arg{vr("--subscription", vSubscription), vr("--resource-group", vResourceGroup), vr("--managed-instance", vInstance),
			lit("--name", j.Name), uriArg("--storage-uri", j)}
		args = append(args, env("--storage-sas", EnvSAS)) // the only credential it documents; authFor refuses the others
		if !o.Online {
			args = append(args, sw("--auto-complete"), lit("--last-backup-name", j.LastBackupName))
		}
		return command{"az sql midb log-replay start", args}
	default:
		name, instFlag := "az datamigration sql-managed-instance create", "--managed-instance-name"
		if p.Service == DMSVM {
			name, instFlag = "az datamigration sql-vm create", "--sql-vm-name"
		}
		args := []arg{vr("--subscription", vSubscription), vr("--resource-group", vResourceGroup), vr(instFlag, vInstance),
			lit("--target-db-name", j.Name), vr("--scope", vScope), vr("--migration-service", vMigrationService),
			lit("--source-database-name", j.Name),
			{flag: "--source-location", kind: argJSON, json: map[string]any{"azureBlob": azureBlob(p, jsonBlobContainer(j), jsonVar(vStorageAccountID), jsonEnv(EnvAccountKey))}}}
		if !o.Online {
			args = append(args, arg{flag: "--offline-configuration", kind: argJSON, json: offlineConfig(j)})
		}
		return command{name, args}
	}
}

// azureBlob is the AzureBlob object of sqlmigration.json (DMS), shared by
// the az --source-location argument and the REST body.
func azureBlob(p *plan, blobContainer, storageAccountID, accountKey string) map[string]any {
	b := map[string]any{"storageAccountResourceId": storageAccountID, "blobContainerName": blobContainer}
	if p.Auth == AuthManagedIdentity {
		b["authType"] = "ManagedIdentity"
		b["identity"] = map[string]any{"type": "SystemAssigned"}
	} else {
		b["authType"] = "AccountKey"
		b["accountKey"] = accountKey
	}
	return b
}

// jsonBlobContainer is blobContainerName for a JSON argument: the
// container variable, when the container is not known, is spliced in.
func jsonBlobContainer(j job) string {
	c := j.Container
	if c == "" {
		c = jsonVar(vContainer)
	}
	if j.Folder == "" {
		return c
	}
	return c + "/" + j.Folder
}

// offlineConfig is the OfflineConfiguration object of sqlmigration.json.
func offlineConfig(j job) map[string]any {
	return map[string]any{"offline": true, "lastBackupName": j.LastBackupName}
}
