#!/usr/bin/env bash
set -euo pipefail
# baklint script: LRS to Azure SQL Managed Instance (target lrs), 1 ready database in 1 batch of at most 100.
# Source: layouts/misnamed
# The SAS is read from $BAKLINT_SAS (Read and List only); it is never written here.
# Every database is ready.

# Azure resources: values baklint was not given are placeholders in <angle brackets>;
# edit them here, or pass --subscription, --resource-group, --instance, --migration-service,
# --storage-account-id to baklint script.
SUBSCRIPTION='<subscription-id>'
RESOURCE_GROUP='<resource-group>'
INSTANCE='<managed-instance>'
COLLATION='SQL_Latin1_General_CP1_CI_AS'
STORAGE_ENDPOINT='https://<storage-account>.blob.core.windows.net/'
CONTAINER='<container>'
case "$SUBSCRIPTION" in *'<'*'>'*) echo "Edit SUBSCRIPTION at the top of this script: it is still a placeholder." >&2; exit 1;; esac
case "$RESOURCE_GROUP" in *'<'*'>'*) echo "Edit RESOURCE_GROUP at the top of this script: it is still a placeholder." >&2; exit 1;; esac
case "$INSTANCE" in *'<'*'>'*) echo "Edit INSTANCE at the top of this script: it is still a placeholder." >&2; exit 1;; esac
case "$COLLATION" in *'<'*'>'*) echo "Edit COLLATION at the top of this script: it is still a placeholder." >&2; exit 1;; esac
case "$STORAGE_ENDPOINT" in *'<'*'>'*) echo "Edit STORAGE_ENDPOINT at the top of this script: it is still a placeholder." >&2; exit 1;; esac
case "$CONTAINER" in *'<'*'>'*) echo "Edit CONTAINER at the top of this script: it is still a placeholder." >&2; exit 1;; esac
: "${BAKLINT_SAS:?set BAKLINT_SAS first: a SAS token for the container with Read and List permissions only (no leading ?)}"

# Batch 1 of 1: 1 database
az sql midb log-replay start --subscription "$SUBSCRIPTION" --resource-group "$RESOURCE_GROUP" --managed-instance "$INSTANCE" --name 'Sales' --storage-uri "$STORAGE_ENDPOINT""$CONTAINER"'/Sales' --storage-sas "$BAKLINT_SAS" --auto-complete --last-backup-name 'HR_backup_2024_01_01_010000_1234567.bak'
