#!/usr/bin/env bash
set -euo pipefail
# baklint script: DMS to Azure SQL Managed Instance (target mi), 0 ready databases in 0 batches of at most 100.
# Source: layouts/ola
# The storage account key is read from $BAKLINT_STORAGE_KEY; it is never written here.
#
# Not ready: 3 databases, left out below. Fix what blocks them and run baklint script again.
#   HR (folders: SQL01$PROD/HR/DIFF, SQL01$PROD/HR/FULL, SQL01$PROD/HR/LOG)
#     - its backups sit in 3 folders (SQL01$PROD/HR/DIFF, SQL01$PROD/HR/FULL, SQL01$PROD/HR/LOG), not one
#     - nested-folder SQL01$PROD/HR/DIFF/SQL01$PROD_HR_DIFF_20240101_120000.bak: backup is 3 folders below the container root; DMS and LRS read at most one folder deep
#     - nested-folder SQL01$PROD/HR/FULL/SQL01$PROD_HR_FULL_20240101_010000.bak: backup is 3 folders below the container root; DMS and LRS read at most one folder deep
#     - nested-folder SQL01$PROD/HR/LOG/SQL01$PROD_HR_LOG_20240101_130000.trn: backup is 3 folders below the container root; DMS and LRS read at most one folder deep
#     - nested-folder SQL01$PROD/HR/LOG/SQL01$PROD_HR_LOG_20240101_140000.trn: backup is 3 folders below the container root; DMS and LRS read at most one folder deep
#     - nested-folder SQL01$PROD/HR/LOG/SQL01$PROD_HR_LOG_20240101_150000.trn: backup is 3 folders below the container root; DMS and LRS read at most one folder deep
#   Inventory (folders: SQL01$PROD/Inventory/DIFF, SQL01$PROD/Inventory/FULL, SQL01$PROD/Inventory/LOG)
#     - its backups sit in 3 folders (SQL01$PROD/Inventory/DIFF, SQL01$PROD/Inventory/FULL, SQL01$PROD/Inventory/LOG), not one
#     - nested-folder SQL01$PROD/Inventory/DIFF/SQL01$PROD_Inventory_DIFF_20240101_120000.bak: backup is 3 folders below the container root; DMS and LRS read at most one folder deep
#     - nested-folder SQL01$PROD/Inventory/FULL/SQL01$PROD_Inventory_FULL_20240101_010000.bak: backup is 3 folders below the container root; DMS and LRS read at most one folder deep
#     - nested-folder SQL01$PROD/Inventory/LOG/SQL01$PROD_Inventory_LOG_20240101_130000.trn: backup is 3 folders below the container root; DMS and LRS read at most one folder deep
#     - nested-folder SQL01$PROD/Inventory/LOG/SQL01$PROD_Inventory_LOG_20240101_140000.trn: backup is 3 folders below the container root; DMS and LRS read at most one folder deep
#     - nested-folder SQL01$PROD/Inventory/LOG/SQL01$PROD_Inventory_LOG_20240101_150000.trn: backup is 3 folders below the container root; DMS and LRS read at most one folder deep
#   Sales (folders: SQL01$PROD/Sales/DIFF, SQL01$PROD/Sales/FULL, SQL01$PROD/Sales/LOG)
#     - its backups sit in 3 folders (SQL01$PROD/Sales/DIFF, SQL01$PROD/Sales/FULL, SQL01$PROD/Sales/LOG), not one
#     - nested-folder SQL01$PROD/Sales/DIFF/SQL01$PROD_Sales_DIFF_20240101_120000.bak: backup is 3 folders below the container root; DMS and LRS read at most one folder deep
#     - nested-folder SQL01$PROD/Sales/FULL/SQL01$PROD_Sales_FULL_20240101_010000.bak: backup is 3 folders below the container root; DMS and LRS read at most one folder deep
#     - nested-folder SQL01$PROD/Sales/LOG/SQL01$PROD_Sales_LOG_20240101_130000.trn: backup is 3 folders below the container root; DMS and LRS read at most one folder deep
#     - nested-folder SQL01$PROD/Sales/LOG/SQL01$PROD_Sales_LOG_20240101_140000.trn: backup is 3 folders below the container root; DMS and LRS read at most one folder deep
#     - nested-folder SQL01$PROD/Sales/LOG/SQL01$PROD_Sales_LOG_20240101_150000.trn: backup is 3 folders below the container root; DMS and LRS read at most one folder deep

# Azure resources: values baklint was not given are placeholders in <angle brackets>;
# edit them here, or pass --subscription, --resource-group, --instance, --migration-service,
# --storage-account-id to baklint script.
SUBSCRIPTION='<subscription-id>'
RESOURCE_GROUP='<resource-group>'
INSTANCE='<managed-instance>'
MIGRATION_SERVICE='/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.DataMigration/sqlMigrationServices/<migration-service>'
STORAGE_ACCOUNT_ID='/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.Storage/storageAccounts/<storage-account>'
SCOPE="/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.Sql/managedInstances/${INSTANCE}"
case "$SUBSCRIPTION" in *'<'*'>'*) echo "Edit SUBSCRIPTION at the top of this script: it is still a placeholder." >&2; exit 1;; esac
case "$RESOURCE_GROUP" in *'<'*'>'*) echo "Edit RESOURCE_GROUP at the top of this script: it is still a placeholder." >&2; exit 1;; esac
case "$INSTANCE" in *'<'*'>'*) echo "Edit INSTANCE at the top of this script: it is still a placeholder." >&2; exit 1;; esac
case "$MIGRATION_SERVICE" in *'<'*'>'*) echo "Edit MIGRATION_SERVICE at the top of this script: it is still a placeholder." >&2; exit 1;; esac
case "$STORAGE_ACCOUNT_ID" in *'<'*'>'*) echo "Edit STORAGE_ACCOUNT_ID at the top of this script: it is still a placeholder." >&2; exit 1;; esac
: "${BAKLINT_STORAGE_KEY:?set BAKLINT_STORAGE_KEY first: the key of the storage account that holds the backups}"
