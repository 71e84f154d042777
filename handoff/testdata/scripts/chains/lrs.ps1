# baklint script: LRS to Azure SQL Managed Instance (target lrs), 2 ready databases in 1 batch of at most 100.
# Source: layouts/chains
# The SAS is read from $BAKLINT_SAS (Read and List only); it is never written here.
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
Start-AzSqlInstanceDatabaseLogReplay -ResourceGroupName $ResourceGroup -InstanceName $Instance -Name 'NewVersion' -Collation $Collation -StorageContainerUri ($StorageEndpoint + $Container + '/NewVersion') -StorageContainerSasToken $env:BAKLINT_SAS -AutoCompleteRestore -LastBackupName 'SQL05_NewVersion_FULL_20240101_010000.bak'
Start-AzSqlInstanceDatabaseLogReplay -ResourceGroupName $ResourceGroup -InstanceName $Instance -Name 'NoChecksum' -Collation $Collation -StorageContainerUri ($StorageEndpoint + $Container + '/NoChecksum') -StorageContainerSasToken $env:BAKLINT_SAS -AutoCompleteRestore -LastBackupName 'SQL05_NoChecksum_FULL_20240101_010000.bak'
