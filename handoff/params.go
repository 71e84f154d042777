package handoff

// CommandDoc lists the parameters the scripts pass to one cmdlet or az
// command, each checked against the documentation at URL (December 2026).
// The tests fail when a script uses a parameter that is not listed here.
type CommandDoc struct {
	Command string
	URL     string
	Params  []string
}

// Documented parameters:
//
//	| command                                   | parameters used                                                                                                   | documentation |
//	|-------------------------------------------|-------------------------------------------------------------------------------------------------------------------|---------------|
//	| Start-AzSqlInstanceDatabaseLogReplay      | -ResourceGroupName -InstanceName -Name -Collation -StorageContainerUri -StorageContainerSasToken -StorageContainerIdentity -AutoCompleteRestore -LastBackupName | learn.microsoft.com/powershell/module/az.sql/start-azsqlinstancedatabaselogreplay |
//	| New-AzDataMigrationToSqlManagedInstance   | -SubscriptionId -ResourceGroupName -ManagedInstanceName -TargetDbName -Kind -Scope -MigrationService -SourceDatabaseName -AzureBlobStorageAccountResourceId -AzureBlobAccountKey -AzureBlobAuthType -AzureBlobIdentityType -AzureBlobContainerName -Offline -OfflineConfigurationLastBackupName | learn.microsoft.com/powershell/module/az.datamigration/new-azdatamigrationtosqlmanagedinstance |
//	| New-AzDataMigrationToSqlVM                | -SubscriptionId -ResourceGroupName -SqlVirtualMachineName -TargetDbName -Kind -Scope -MigrationService -SourceDatabaseName -AzureBlobStorageAccountResourceId -AzureBlobAccountKey -AzureBlobContainerName -Offline -OfflineConfigurationLastBackupName | learn.microsoft.com/powershell/module/az.datamigration/new-azdatamigrationtosqlvm |
//	| az sql midb log-replay start              | --subscription --resource-group --managed-instance --name --storage-uri --storage-sas --auto-complete --last-backup-name | learn.microsoft.com/cli/azure/sql/midb/log-replay |
//	| az datamigration sql-managed-instance create | --subscription --resource-group --managed-instance-name --target-db-name --scope --migration-service --source-database-name --source-location --offline-configuration | learn.microsoft.com/cli/azure/datamigration/sql-managed-instance |
//	| az datamigration sql-vm create            | --subscription --resource-group --sql-vm-name --target-db-name --scope --migration-service --source-database-name --source-location --offline-configuration | learn.microsoft.com/cli/azure/datamigration/sql-vm |
//
// The PowerShell set of Start-AzSqlInstanceDatabaseLogReplay marks
// -StorageContainerSasToken as mandatory; with a managed identity the script
// passes -StorageContainerIdentity ManagedIdentity instead, as the LRS guide
// does. az sql midb log-replay start documents --storage-sas as its only
// credential, so baklint refuses --auth managed-identity with --shell az for
// LRS rather than guess an option. --subscription is the global argument of
// every az command.
var CommandDocs = []CommandDoc{
	{
		Command: "Start-AzSqlInstanceDatabaseLogReplay",
		URL:     "https://learn.microsoft.com/powershell/module/az.sql/start-azsqlinstancedatabaselogreplay",
		Params: []string{"-ResourceGroupName", "-InstanceName", "-Name", "-Collation", "-StorageContainerUri",
			"-StorageContainerSasToken", "-StorageContainerIdentity", "-AutoCompleteRestore", "-LastBackupName"},
	},
	{
		Command: "New-AzDataMigrationToSqlManagedInstance",
		URL:     "https://learn.microsoft.com/powershell/module/az.datamigration/new-azdatamigrationtosqlmanagedinstance",
		Params: []string{"-SubscriptionId", "-ResourceGroupName", "-ManagedInstanceName", "-TargetDbName", "-Kind", "-Scope",
			"-MigrationService", "-SourceDatabaseName", "-AzureBlobStorageAccountResourceId", "-AzureBlobAccountKey",
			"-AzureBlobAuthType", "-AzureBlobIdentityType", "-AzureBlobContainerName", "-Offline", "-OfflineConfigurationLastBackupName"},
	},
	{
		Command: "New-AzDataMigrationToSqlVM",
		URL:     "https://learn.microsoft.com/powershell/module/az.datamigration/new-azdatamigrationtosqlvm",
		Params: []string{"-SubscriptionId", "-ResourceGroupName", "-SqlVirtualMachineName", "-TargetDbName", "-Kind", "-Scope",
			"-MigrationService", "-SourceDatabaseName", "-AzureBlobStorageAccountResourceId", "-AzureBlobAccountKey",
			"-AzureBlobContainerName", "-Offline", "-OfflineConfigurationLastBackupName"},
	},
	{
		Command: "az sql midb log-replay start",
		URL:     "https://learn.microsoft.com/cli/azure/sql/midb/log-replay#az-sql-midb-log-replay-start",
		Params: []string{"--subscription", "--resource-group", "--managed-instance", "--name", "--storage-uri",
			"--storage-sas", "--auto-complete", "--last-backup-name"},
	},
	{
		Command: "az datamigration sql-managed-instance create",
		URL:     "https://learn.microsoft.com/cli/azure/datamigration/sql-managed-instance#az-datamigration-sql-managed-instance-create",
		Params: []string{"--subscription", "--resource-group", "--managed-instance-name", "--target-db-name", "--scope",
			"--migration-service", "--source-database-name", "--source-location", "--offline-configuration"},
	},
	{
		Command: "az datamigration sql-vm create",
		URL:     "https://learn.microsoft.com/cli/azure/datamigration/sql-vm#az-datamigration-sql-vm-create",
		Params: []string{"--subscription", "--resource-group", "--sql-vm-name", "--target-db-name", "--scope",
			"--migration-service", "--source-database-name", "--source-location", "--offline-configuration"},
	},
}
