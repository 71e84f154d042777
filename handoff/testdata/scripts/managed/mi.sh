#!/usr/bin/env bash
set -euo pipefail
# baklint script: DMS to Azure SQL Managed Instance (target mi), 1 ready database in 1 batch of at most 100.
# Source: layouts/managed
# The storage account key is read from $BAKLINT_STORAGE_KEY; it is never written here.
# Every database is ready.

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

# Batch 1 of 1: 1 database
az datamigration sql-managed-instance create --subscription "$SUBSCRIPTION" --resource-group "$RESOURCE_GROUP" --managed-instance-name "$INSTANCE" --target-db-name 'Orders' --scope "$SCOPE" --migration-service "$MIGRATION_SERVICE" --source-database-name 'Orders' --source-location '{"azureBlob":{"accountKey":"'"$BAKLINT_STORAGE_KEY"'","authType":"AccountKey","blobContainerName":"'"$CONTAINER"'","storageAccountResourceId":"'"$STORAGE_ACCOUNT_ID"'"}}' --offline-configuration '{"lastBackupName":"Orders_2f7c1c0a5b3e4d0f9a8b7c6d5e4f3a2b_20240101013000+00.log","offline":true}'
