#!/usr/bin/env bash
set -euo pipefail
# baklint script: LRS to Azure SQL Managed Instance (target lrs), 0 ready databases in 0 batches of at most 100.
# Source: layouts/dbatools
# The SAS is read from $BAKLINT_SAS (Read and List only); it is never written here.
#
# Not ready: 1 database, left out below. Fix what blocks them and run baklint script again.
#   Payroll (folders: Payroll)
#     - empty-backup Payroll/Payroll_202401010300.trn: backup file is empty (0 bytes)

# Azure resources: values baklint was not given are placeholders in <angle brackets>;
# edit them here, or pass --subscription, --resource-group, --instance, --migration-service,
# --storage-account-id to baklint script.
SUBSCRIPTION='<subscription-id>'
RESOURCE_GROUP='<resource-group>'
INSTANCE='<managed-instance>'
COLLATION='SQL_Latin1_General_CP1_CI_AS'
STORAGE_ENDPOINT='https://<storage-account>.blob.core.windows.net/'
case "$SUBSCRIPTION" in *'<'*'>'*) echo "Edit SUBSCRIPTION at the top of this script: it is still a placeholder." >&2; exit 1;; esac
case "$RESOURCE_GROUP" in *'<'*'>'*) echo "Edit RESOURCE_GROUP at the top of this script: it is still a placeholder." >&2; exit 1;; esac
case "$INSTANCE" in *'<'*'>'*) echo "Edit INSTANCE at the top of this script: it is still a placeholder." >&2; exit 1;; esac
case "$COLLATION" in *'<'*'>'*) echo "Edit COLLATION at the top of this script: it is still a placeholder." >&2; exit 1;; esac
case "$STORAGE_ENDPOINT" in *'<'*'>'*) echo "Edit STORAGE_ENDPOINT at the top of this script: it is still a placeholder." >&2; exit 1;; esac
: "${BAKLINT_SAS:?set BAKLINT_SAS first: a SAS token for the container with Read and List permissions only (no leading ?)}"
