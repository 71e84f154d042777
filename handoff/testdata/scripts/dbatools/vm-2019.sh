#!/usr/bin/env bash
set -euo pipefail
# baklint script: DMS to SQL Server on an Azure VM (target vm-2019), 0 ready databases in 0 batches of at most 100.
# Source: layouts/dbatools
# The storage account key is read from $BAKLINT_STORAGE_KEY; it is never written here.
#
# Not ready: 1 database, left out below. Fix what blocks them and run baklint script again.
#   Payroll (folders: Payroll)
#     - empty-backup Payroll/Payroll_202401010300.trn: backup file is empty (0 bytes)

# Azure resources: values baklint was not given are placeholders in <angle brackets>;
# edit them here, or pass --subscription, --resource-group, --instance, --migration-service,
# --storage-account-id to baklint script.
SUBSCRIPTION='<subscription-id>'
RESOURCE_GROUP='<resource-group>'
INSTANCE='<sql-virtual-machine>'
MIGRATION_SERVICE='/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.DataMigration/sqlMigrationServices/<migration-service>'
STORAGE_ACCOUNT_ID='/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.Storage/storageAccounts/<storage-account>'
SCOPE="/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.SqlVirtualMachine/sqlVirtualMachines/${INSTANCE}"
case "$SUBSCRIPTION" in *'<'*'>'*) echo "Edit SUBSCRIPTION at the top of this script: it is still a placeholder." >&2; exit 1;; esac
case "$RESOURCE_GROUP" in *'<'*'>'*) echo "Edit RESOURCE_GROUP at the top of this script: it is still a placeholder." >&2; exit 1;; esac
case "$INSTANCE" in *'<'*'>'*) echo "Edit INSTANCE at the top of this script: it is still a placeholder." >&2; exit 1;; esac
case "$MIGRATION_SERVICE" in *'<'*'>'*) echo "Edit MIGRATION_SERVICE at the top of this script: it is still a placeholder." >&2; exit 1;; esac
case "$STORAGE_ACCOUNT_ID" in *'<'*'>'*) echo "Edit STORAGE_ACCOUNT_ID at the top of this script: it is still a placeholder." >&2; exit 1;; esac
: "${BAKLINT_STORAGE_KEY:?set BAKLINT_STORAGE_KEY first: the key of the storage account that holds the backups}"
