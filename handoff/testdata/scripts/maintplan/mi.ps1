# baklint script: DMS to Azure SQL Managed Instance (target mi), 0 ready databases in 0 batches of at most 100.
# Source: layouts/maintplan
# The storage account key is read from $BAKLINT_STORAGE_KEY; it is never written here.
#
# Not ready: 2 databases, left out below. Fix what blocks them and run baklint script again.
#   HR (folders: nightly)
#     - mixed-databases nightly/: folder "nightly/" holds backups of 2 databases: "Sales" (2 files), "HR" (1 file); DMS and LRS need one database per folder
#   Sales (folders: nightly)
#     - mixed-databases nightly/: folder "nightly/" holds backups of 2 databases: "Sales" (2 files), "HR" (1 file); DMS and LRS need one database per folder

# Azure resources: values baklint was not given are placeholders in <angle brackets>;
# edit them here, or pass --subscription, --resource-group, --instance, --migration-service,
# --storage-account-id to baklint script.
$Subscription = '<subscription-id>'
$ResourceGroup = '<resource-group>'
$Instance = '<managed-instance>'
$MigrationService = '/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.DataMigration/sqlMigrationServices/<migration-service>'
$StorageAccountId = '/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.Storage/storageAccounts/<storage-account>'
$Scope = "/subscriptions/$Subscription/resourceGroups/$ResourceGroup/providers/Microsoft.Sql/managedInstances/$Instance"
$ErrorActionPreference = 'Stop'
if ($Subscription -match '<.*>') { throw 'Edit $Subscription at the top of this script: it is still a placeholder.' }
if ($ResourceGroup -match '<.*>') { throw 'Edit $ResourceGroup at the top of this script: it is still a placeholder.' }
if ($Instance -match '<.*>') { throw 'Edit $Instance at the top of this script: it is still a placeholder.' }
if ($MigrationService -match '<.*>') { throw 'Edit $MigrationService at the top of this script: it is still a placeholder.' }
if ($StorageAccountId -match '<.*>') { throw 'Edit $StorageAccountId at the top of this script: it is still a placeholder.' }
if (-not $env:BAKLINT_STORAGE_KEY) { throw 'Set $env:BAKLINT_STORAGE_KEY first: the key of the storage account that holds the backups' }
