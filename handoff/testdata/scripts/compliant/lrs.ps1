# baklint script: LRS to Azure SQL Managed Instance (target lrs), 2 ready databases in 1 batch of at most 100.
# Source: layouts/compliant
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

# Batch 1 of 1: 2 databases
Start-AzSqlInstanceDatabaseLogReplay -ResourceGroupName $ResourceGroup -InstanceName $Instance -Name 'Sales' -Collation $Collation -StorageContainerUri ($StorageEndpoint + $Container + '/Sales') -StorageContainerSasToken $env:BAKLINT_SAS -AutoCompleteRestore -LastBackupName 'SQL01$PROD_Sales_LOG_20240101_150000.trn'
Start-AzSqlInstanceDatabaseLogReplay -ResourceGroupName $ResourceGroup -InstanceName $Instance -Name 'HR' -Collation $Collation -StorageContainerUri ($StorageEndpoint + $Container + '/HR') -StorageContainerSasToken $env:BAKLINT_SAS -AutoCompleteRestore -LastBackupName 'SQL01$PROD_HR_LOG_20240101_140000.trn'
