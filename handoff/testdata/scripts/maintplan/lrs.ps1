# baklint script: LRS to Azure SQL Managed Instance (target lrs), 0 ready databases in 0 batches of at most 100.
# Source: layouts/maintplan
# The SAS is read from $BAKLINT_SAS (Read and List only); it is never written here.
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
$Collation = 'SQL_Latin1_General_CP1_CI_AS'
$StorageEndpoint = 'https://<storage-account>.blob.core.windows.net/'
$ErrorActionPreference = 'Stop'
if ($Subscription -match '<.*>') { throw 'Edit $Subscription at the top of this script: it is still a placeholder.' }
if ($ResourceGroup -match '<.*>') { throw 'Edit $ResourceGroup at the top of this script: it is still a placeholder.' }
if ($Instance -match '<.*>') { throw 'Edit $Instance at the top of this script: it is still a placeholder.' }
if ($Collation -match '<.*>') { throw 'Edit $Collation at the top of this script: it is still a placeholder.' }
if ($StorageEndpoint -match '<.*>') { throw 'Edit $StorageEndpoint at the top of this script: it is still a placeholder.' }
if (-not $env:BAKLINT_SAS) { throw 'Set $env:BAKLINT_SAS first: a SAS token for the container with Read and List permissions only (no leading ?)' }
