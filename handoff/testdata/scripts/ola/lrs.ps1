# baklint script: LRS to Azure SQL Managed Instance (target lrs), 0 ready databases in 0 batches of at most 100.
# Source: layouts/ola
# The SAS is read from $BAKLINT_SAS (Read and List only); it is never written here.
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
$Subscription = '<subscription-id>'
$ResourceGroup = '<resource-group>'
$Instance = '<managed-instance>'
$Collation = 'SQL_Latin1_General_CP1_CI_AS'
$StorageEndpoint = 'https://<storage-account>.blob.core.windows.net/'
$ErrorActionPreference = 'Stop'
if ($Subscription -match '<.*>') { throw 'Edit $Subscription at the top of this script: it is still a placeholder.' }
if ($ResourceGroup -match '<.*>') { throw 'Edit $ResourceGroup at the top of this script: it is still a placeholder.' }
if ($Instance -match '<.*>') { throw 'Edit $Instance at the top of this script: it is still a placeholder.' }
if ($Collation -match '<.*>') { throw 'Edit $Collation at the top of this script: it is still a placeholder.' }
if ($StorageEndpoint -match '<.*>') { throw 'Edit $StorageEndpoint at the top of this script: it is still a placeholder.' }
if (-not $env:BAKLINT_SAS) { throw 'Set $env:BAKLINT_SAS first: a SAS token for the container with Read and List permissions only (no leading ?)' }
