#!/usr/bin/env bash
set -euo pipefail
# baklint script: DMS to Azure SQL Managed Instance (target mi), 2 ready databases in 1 batch of at most 100.
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
#   NoFull (folders: NoFull)
#     - its restore chain is broken, not complete
#     - no last backup name is known
#     - missing-full-backup NoFull/SQL05_NoFull_DIFF_20240101_120000.bak: database "NoFull" has 1 differential backup and 2 log backups but no full backup
#   Striped (folders: Striped)
#     - its restore chain is broken, not complete
#     - no last backup name is known
#     - incomplete-stripe-set Striped/SQL05_Striped_FULL_20240101_010000_1.bak: striped backup (media set 07f013a1-0677-4497-b50a-221dc7077b05) has 1 of its 2 files: family 2 missing
#   StripedLog (folders: StripedLog)
#     - striped-log-backup StripedLog/SQL05_StripedLog_LOG_20240101_020000_1.trn: log backup is stripe 1 of 2; LRS needs each log backup in a single file
#     - striped-log-backup StripedLog/SQL05_StripedLog_LOG_20240101_020000_2.trn: log backup is stripe 2 of 2; LRS needs each log backup in a single file

# Azure resources: values baklint was not given are placeholders in <angle brackets>;
# edit them here, or pass --subscription, --resource-group, --instance, --migration-service,
# --storage-account-id to baklint script.
SUBSCRIPTION='<subscription-id>'
RESOURCE_GROUP='<resource-group>'
INSTANCE='<managed-instance>'
MIGRATION_SERVICE='/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.DataMigration/sqlMigrationServices/<migration-service>'
STORAGE_ACCOUNT_ID='/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.Storage/storageAccounts/<storage-account>'
CONTAINER='<container>'
SCOPE="/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.Sql/managedInstances/${INSTANCE}"
case "$SUBSCRIPTION" in *'<'*'>'*) echo "Edit SUBSCRIPTION at the top of this script: it is still a placeholder." >&2; exit 1;; esac
case "$RESOURCE_GROUP" in *'<'*'>'*) echo "Edit RESOURCE_GROUP at the top of this script: it is still a placeholder." >&2; exit 1;; esac
case "$INSTANCE" in *'<'*'>'*) echo "Edit INSTANCE at the top of this script: it is still a placeholder." >&2; exit 1;; esac
case "$MIGRATION_SERVICE" in *'<'*'>'*) echo "Edit MIGRATION_SERVICE at the top of this script: it is still a placeholder." >&2; exit 1;; esac
case "$STORAGE_ACCOUNT_ID" in *'<'*'>'*) echo "Edit STORAGE_ACCOUNT_ID at the top of this script: it is still a placeholder." >&2; exit 1;; esac
case "$CONTAINER" in *'<'*'>'*) echo "Edit CONTAINER at the top of this script: it is still a placeholder." >&2; exit 1;; esac
: "${BAKLINT_STORAGE_KEY:?set BAKLINT_STORAGE_KEY first: the key of the storage account that holds the backups}"

# Batch 1 of 1: 2 databases
az datamigration sql-managed-instance create --subscription "$SUBSCRIPTION" --resource-group "$RESOURCE_GROUP" --managed-instance-name "$INSTANCE" --target-db-name 'NewVersion' --scope "$SCOPE" --migration-service "$MIGRATION_SERVICE" --source-database-name 'NewVersion' --source-location '{"azureBlob":{"accountKey":"'"$BAKLINT_STORAGE_KEY"'","authType":"AccountKey","blobContainerName":"'"$CONTAINER"'/NewVersion","storageAccountResourceId":"'"$STORAGE_ACCOUNT_ID"'"}}' --offline-configuration '{"lastBackupName":"SQL05_NewVersion_FULL_20240101_010000.bak","offline":true}'
az datamigration sql-managed-instance create --subscription "$SUBSCRIPTION" --resource-group "$RESOURCE_GROUP" --managed-instance-name "$INSTANCE" --target-db-name 'NoChecksum' --scope "$SCOPE" --migration-service "$MIGRATION_SERVICE" --source-database-name 'NoChecksum' --source-location '{"azureBlob":{"accountKey":"'"$BAKLINT_STORAGE_KEY"'","authType":"AccountKey","blobContainerName":"'"$CONTAINER"'/NoChecksum","storageAccountResourceId":"'"$STORAGE_ACCOUNT_ID"'"}}' --offline-configuration '{"lastBackupName":"SQL05_NoChecksum_FULL_20240101_010000.bak","offline":true}'
