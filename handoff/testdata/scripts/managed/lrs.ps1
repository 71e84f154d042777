# baklint script: LRS to Azure SQL Managed Instance (target lrs), 1 ready database in 1 batch of at most 100.
# Source: layouts/managed
# The SAS is read from $BAKLINT_SAS (Read and List only); it is never written here.
# Every database is ready.

# Azure resources: values baklint was not given are placeholders in <angle brackets>;
# edit them here, or pass --subscription, --resource-group, --instance, --migration-service,
# --storage-account-id to baklint script.
$Subscription = '<subscription-id>'
$ResourceGroup = '<resource-group>'
$Instance = '<managed-instance>'
$Collation = 'SQL_Latin1_General_CP1_CI_AS'
$StorageEndpoint = 'https://<storage-account>.blob.core.windows.net/'
$Container = '<container>'
$ErrorActionPreference = 'Stop'
if ($Subscription -match '<.*>') { throw 'Edit $Subscription at the top of this script: it is still a placeholder.' }
if ($ResourceGroup -match '<.*>') { throw 'Edit $ResourceGroup at the top of this script: it is still a placeholder.' }
if ($Instance -match '<.*>') { throw 'Edit $Instance at the top of this script: it is still a placeholder.' }
if ($Collation -match '<.*>') { throw 'Edit $Collation at the top of this script: it is still a placeholder.' }
if ($StorageEndpoint -match '<.*>') { throw 'Edit $StorageEndpoint at the top of this script: it is still a placeholder.' }
if ($Container -match '<.*>') { throw 'Edit $Container at the top of this script: it is still a placeholder.' }
if (-not $env:BAKLINT_SAS) { throw 'Set $env:BAKLINT_SAS first: a SAS token for the container with Read and List permissions only (no leading ?)' }

# Batch 1 of 1: 1 database
Start-AzSqlInstanceDatabaseLogReplay -ResourceGroupName $ResourceGroup -InstanceName $Instance -Name 'Orders' -Collation $Collation -StorageContainerUri ($StorageEndpoint + $Container) -StorageContainerSasToken $env:BAKLINT_SAS -AutoCompleteRestore -LastBackupName 'Orders_2f7c1c0a5b3e4d0f9a8b7c6d5e4f3a2b_20240101013000+00.log'
