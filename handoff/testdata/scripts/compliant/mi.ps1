# baklint script: DMS to Azure SQL Managed Instance (target mi), 2 ready databases in 1 batch of at most 100.
# Source: layouts/compliant
# The storage account key is read from $BAKLINT_STORAGE_KEY; it is never written here.
# Every database is ready.

# Azure resources: values baklint was not given are placeholders in <angle brackets>;
# edit them here, or pass --subscription, --resource-group, --instance, --migration-service,
# --storage-account-id to baklint script.
$Subscription = '<subscription-id>'
$ResourceGroup = '<resource-group>'
$Instance = '<managed-instance>'
$MigrationService = '/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.DataMigration/sqlMigrationServices/<migration-service>'
$StorageAccountId = '/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.Storage/storageAccounts/<storage-account>'
$Container = '<container>'
$Scope = "/subscriptions/$Subscription/resourceGroups/$ResourceGroup/providers/Microsoft.Sql/managedInstances/$Instance"
$ErrorActionPreference = 'Stop'
if ($Subscription -match '<.*>') { throw 'Edit $Subscription at the top of this script: it is still a placeholder.' }
if ($ResourceGroup -match '<.*>') { throw 'Edit $ResourceGroup at the top of this script: it is still a placeholder.' }
if ($Instance -match '<.*>') { throw 'Edit $Instance at the top of this script: it is still a placeholder.' }
if ($MigrationService -match '<.*>') { throw 'Edit $MigrationService at the top of this script: it is still a placeholder.' }
if ($StorageAccountId -match '<.*>') { throw 'Edit $StorageAccountId at the top of this script: it is still a placeholder.' }
if ($Container -match '<.*>') { throw 'Edit $Container at the top of this script: it is still a placeholder.' }
if (-not $env:BAKLINT_STORAGE_KEY) { throw 'Set $env:BAKLINT_STORAGE_KEY first: the key of the storage account that holds the backups' }

# Batch 1 of 1: 2 databases
New-AzDataMigrationToSqlManagedInstance -SubscriptionId $Subscription -ResourceGroupName $ResourceGroup -ManagedInstanceName $Instance -TargetDbName 'Sales' -Kind 'SqlMi' -Scope $Scope -MigrationService $MigrationService -SourceDatabaseName 'Sales' -AzureBlobStorageAccountResourceId $StorageAccountId -AzureBlobAccountKey $env:BAKLINT_STORAGE_KEY -AzureBlobContainerName ($Container + '/Sales') -Offline -OfflineConfigurationLastBackupName 'SQL01$PROD_Sales_LOG_20240101_150000.trn'
New-AzDataMigrationToSqlManagedInstance -SubscriptionId $Subscription -ResourceGroupName $ResourceGroup -ManagedInstanceName $Instance -TargetDbName 'HR' -Kind 'SqlMi' -Scope $Scope -MigrationService $MigrationService -SourceDatabaseName 'HR' -AzureBlobStorageAccountResourceId $StorageAccountId -AzureBlobAccountKey $env:BAKLINT_STORAGE_KEY -AzureBlobContainerName ($Container + '/HR') -Offline -OfflineConfigurationLastBackupName 'SQL01$PROD_HR_LOG_20240101_140000.trn'
