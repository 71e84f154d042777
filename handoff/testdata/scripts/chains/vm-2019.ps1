# baklint script: DMS to SQL Server on an Azure VM (target vm-2019), 2 ready databases in 1 batch of at most 100.
# Source: layouts/chains
# The storage account key is read from $BAKLINT_STORAGE_KEY; it is never written here.
#
# Not ready: 5 databases, left out below. Fix what blocks them and run baklint script again.
#   Appended (folders: Appended)
#     - multiple-backup-sets Appended/SQL05_Appended_FULL_20240101_010000.bak: file holds at least 2 backup sets (appended backups); DMS and LRS need one backup set per file
#   Broken (folders: Broken)
#     - its restore chain is broken, not complete
#     - no last backup name is known
#     - log-chain-gap Broken/SQL05_Broken_LOG_20240101_040000.trn: log chain of "Broken" is broken: no backup holds LSNs 40000000003200001 to 40000000004000001, between SQL05_Broken_LOG_20240101_020000.trn and this log backup (FirstLSN 40000000004000001)
#   NewVersion (folders: NewVersion)
#     - version-too-new NewVersion/SQL05_NewVersion_FULL_20240101_010000.bak: made by SQL Server 2022 (16.0.1000); target vm-2019 runs SQL Server 2019
#   NoFull (folders: NoFull)
#     - its restore chain is broken, not complete
#     - no last backup name is known
#     - missing-full-backup NoFull/SQL05_NoFull_DIFF_20240101_120000.bak: database "NoFull" has 1 differential backup and 2 log backups but no full backup
#   Striped (folders: Striped)
#     - its restore chain is broken, not complete
#     - no last backup name is known
#     - incomplete-stripe-set Striped/SQL05_Striped_FULL_20240101_010000_1.bak: striped backup (media set 07f013a1-0677-4497-b50a-221dc7077b05) has 1 of its 2 files: family 2 missing

# Azure resources: values baklint was not given are placeholders in <angle brackets>;
# edit them here, or pass --subscription, --resource-group, --instance, --migration-service,
# --storage-account-id to baklint script.
$Subscription = '<subscription-id>'
$ResourceGroup = '<resource-group>'
$Instance = '<sql-virtual-machine>'
$MigrationService = '/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.DataMigration/sqlMigrationServices/<migration-service>'
$StorageAccountId = '/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.Storage/storageAccounts/<storage-account>'
$Container = '<container>'
$Scope = "/subscriptions/$Subscription/resourceGroups/$ResourceGroup/providers/Microsoft.SqlVirtualMachine/sqlVirtualMachines/$Instance"
$ErrorActionPreference = 'Stop'
if ($Subscription -match '<.*>') { throw 'Edit $Subscription at the top of this script: it is still a placeholder.' }
if ($ResourceGroup -match '<.*>') { throw 'Edit $ResourceGroup at the top of this script: it is still a placeholder.' }
if ($Instance -match '<.*>') { throw 'Edit $Instance at the top of this script: it is still a placeholder.' }
if ($MigrationService -match '<.*>') { throw 'Edit $MigrationService at the top of this script: it is still a placeholder.' }
if ($StorageAccountId -match '<.*>') { throw 'Edit $StorageAccountId at the top of this script: it is still a placeholder.' }
if ($Container -match '<.*>') { throw 'Edit $Container at the top of this script: it is still a placeholder.' }
if (-not $env:BAKLINT_STORAGE_KEY) { throw 'Set $env:BAKLINT_STORAGE_KEY first: the key of the storage account that holds the backups' }

# Batch 1 of 1: 2 databases
New-AzDataMigrationToSqlVM -SubscriptionId $Subscription -ResourceGroupName $ResourceGroup -SqlVirtualMachineName $Instance -TargetDbName 'StripedLog' -Kind 'SqlVm' -Scope $Scope -MigrationService $MigrationService -SourceDatabaseName 'StripedLog' -AzureBlobStorageAccountResourceId $StorageAccountId -AzureBlobAccountKey $env:BAKLINT_STORAGE_KEY -AzureBlobContainerName ($Container + '/StripedLog') -Offline -OfflineConfigurationLastBackupName 'SQL05_StripedLog_LOG_20240101_020000_1.trn'
New-AzDataMigrationToSqlVM -SubscriptionId $Subscription -ResourceGroupName $ResourceGroup -SqlVirtualMachineName $Instance -TargetDbName 'NoChecksum' -Kind 'SqlVm' -Scope $Scope -MigrationService $MigrationService -SourceDatabaseName 'NoChecksum' -AzureBlobStorageAccountResourceId $StorageAccountId -AzureBlobAccountKey $env:BAKLINT_STORAGE_KEY -AzureBlobContainerName ($Container + '/NoChecksum') -Offline -OfflineConfigurationLastBackupName 'SQL05_NoChecksum_FULL_20240101_010000.bak'
