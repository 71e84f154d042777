package handoff

import "strings"

// Code is one refusal DMS or LRS reports, with the baklint rules that find
// its cause before a migration, or why none can.
type Code struct {
	Code  string
	Rules []string // rule IDs (SPEC §4); empty when no rule covers it
	// NotCovered says why no rule finds it, when Rules is empty.
	NotCovered string
	Remedy     string
}

// Codes lists every error code of the LRS restoreDetails API (the default
// response of ManagedDatabaseRestoreDetails_Get in the 2025-01-01
// specification, which DMS to Managed Instance reports too, since it uses
// LRS), then the refusals baklint recognises in messages and file lists.
// A code that is not here is reported as unknown, never dropped.
var Codes = []Code{
	{Code: "RestoreDetailsNotAvailableOrExpired", NotCovered: "the status query itself failed; nothing in the backups", Remedy: "query the status again while the restore runs"},
	{Code: "TimeoutDuringRestore", NotCovered: "the target could not be reached; nothing in the backups", Remedy: "check the managed instance's health and retry"},
	{Code: "AutoCompleteMissingLastBackupName", NotCovered: "a parameter of the start request, not the layout", Remedy: "give the bare last backup name: baklint script passes it (last_backup_name in baklint lint --format json)"},
	{Code: "MissingThumbprint", Rules: []string{"unreadable-header"}, Remedy: "migrate the certificate the database (TDE) or the backup (WITH ENCRYPTION) is encrypted with to the target before restoring; baklint reports an encrypted backup only as unreadable-header (\"encrypted …, or damaged\") and cannot see TDE, so RESTORE HEADERONLY and sys.dm_database_encryption_keys at the source name the certificate"},
	{Code: "BlobStorageServerFailure", NotCovered: "a storage service failure, not the layout", Remedy: "retry; if it persists, check the storage account's health"},
	{Code: "BackupSetNotFound", Rules: []string{"nested-folder", "archived-blob", "reserved-keyword", "missing-full-backup"}, Remedy: "put the backups flat in one folder per database, out of the Archive tier, on a path without \"backup\" (baklint fix)"},
	{Code: "FullBackupNotFound", Rules: []string{"missing-full-backup", "archived-blob", "truncated-backup"}, Remedy: "upload the full backup the chain starts from, readable and complete, into the database's folder"},
	{Code: "RestoreFromStripedBackupsNotEnabled", Rules: []string{"striped-log-backup"}, Remedy: "take log backups to a single file each"},
	{Code: "BrokenRestorePlanNoFullBackup", Rules: []string{"missing-full-backup"}, Remedy: "upload the full backup the differential and log backups follow"},
	{Code: "BrokenRestorePlanWrongLogBackupLSN", Rules: []string{"log-chain-gap"}, Remedy: "upload the missing log backups so that the LSNs are contiguous, or take a new full backup"},
	{Code: "BrokenRestorePlanWrongDiffBackupLSN", Rules: []string{"missing-full-backup", "log-chain-gap"}, Remedy: "keep the full backup each differential was taken on in the folder, and remove differentials of other fulls"},
	{Code: "BrokenRestorePlanGapInLogBackups", Rules: []string{"log-chain-gap"}, Remedy: "upload the missing log backups (the finding names the LSN range and the files around the gap), or take a new full backup"},
	{Code: "TargetServerDoesNotExist", NotCovered: "the target instance, not the backups", Remedy: "check the managed instance name and that it is ready"},
	{Code: "TargetServerRestoreNotAllowed", NotCovered: "the target instance's state, not the backups", Remedy: "wait for the instance to finish its current operation and retry"},
	{Code: "XtpInitializedDuringRestore", Rules: []string{"memory-optimized-data"}, Remedy: "restore to Business Critical, or empty the MEMORY_OPTIMIZED_DATA filegroup at the source and take a new full backup"},
	{Code: "FullBackupMissingChecksum", Rules: []string{"no-checksum"}, Remedy: "take the full backup again WITH CHECKSUM"},
	{Code: "FullBackupDamaged", Rules: []string{"truncated-backup", "unreadable-header"}, Remedy: "upload the full backup again (compare its size with the source) or take a new one"},
	{Code: "MissingStripeInBackupSet", Rules: []string{"incomplete-stripe-set"}, Remedy: "upload every file (family) of the striped backup into the same folder"},
	{Code: "BackupsFromMultipleDatabasesDetectedInTheContainerWhileRestoreInProgress", Rules: []string{"mixed-databases", "database-name-clash"}, Remedy: "keep one database per folder (baklint fix); a backup of another database was added while the restore ran"},
	{Code: "BrokenRestorePlanWrongDiffBaseGUID", Rules: []string{"missing-full-backup"}, Remedy: "keep the full backup the differential was taken on (its DifferentialBaseGUID) in the folder"},
	{Code: "CorruptedPagesInBackupSet", NotCovered: "page corruption inside the data is only found by reading all of it (RESTORE VERIFYONLY); no-checksum warns where it cannot be detected early", Remedy: "take a new backup WITH CHECKSUM after DBCC CHECKDB at the source"},
	{Code: "ManagedIdentityIssueDetectedWhileRestoreInProgress", NotCovered: "the identity's permissions, not the backups", Remedy: "grant the instance's managed identity Storage Blob Data Reader on the container"},
	{Code: "CorruptedPagesListMaintenance", Rules: []string{"no-checksum"}, Remedy: "take the backup again WITH CHECKSUM"},
	{Code: "StorageBrokenIssueDetectedWhileInProgress", NotCovered: "storage access during the restore (SAS expiry, network), not the layout", Remedy: "check that the SAS is still valid with Read and List; the service retries"},
	{Code: "PartiallyContainedDatabaseUnsupported", NotCovered: "containment is not in the backup header baklint reads", Remedy: "set the database's containment to NONE at the source and take a new full backup"},
	{Code: "RequiredBackupIsNotLastRestored", NotCovered: "a parameter of the complete request, not the layout", Remedy: "complete with the name of the last backup restored: last_backup_name in baklint lint --format json"},
	{Code: "ManagedInstanceStorageLimitHit", NotCovered: "the instance's storage, not the layout; baklint lint --format json shows data_bytes per database", Remedy: "raise the instance's storage or migrate fewer databases at once"},
	{Code: "IncompatiblePhysicalLayoutTooFewDataFiles", NotCovered: "no rule checks for a backup without data files", Remedy: "take a full database backup (not a file or filegroup backup)"},
	{Code: "IncompatiblePhysicalLayoutNonOnlineDataFilesExist", NotCovered: "file states are not in the backup header baklint reads", Remedy: "bring every data file online at the source and take a new full backup"},
	{Code: "IncompatiblePhysicalLayoutWrongNumberOfLogFiles", Rules: []string{"multiple-log-files"}, Remedy: "remove the extra log files at the source (DBCC SHRINKFILE … EMPTYFILE, ALTER DATABASE … REMOVE FILE) and take a new full backup"},
	{Code: "IncompatiblePhysicalLayoutNonOnlineLogFilesExist", NotCovered: "file states are not in the backup header baklint reads", Remedy: "bring the log file online at the source and take a new full backup"},
	{Code: "IncompatiblePhysicalLayoutTooManyNonDataLogFiles", Rules: []string{"filestream-data"}, Remedy: "remove FILESTREAM/FileTable (and full-text) files at the source, or migrate to a SQL Server VM"},
	{Code: "ExternalBackupAlreadySignaledToComplete", NotCovered: "the order of requests, not the backups", Remedy: "wait for the completion already requested"},
	{Code: "ExternalBackupRestoreHasNotBeenStarted", NotCovered: "the order of requests, not the backups", Remedy: "wait until the restore has started before completing it"},
	{Code: "ExternalBackupUpgradeInProgress", NotCovered: "an upgrade of the instance, not the backups", Remedy: "complete the restore after the upgrade"},
	{Code: "IncompatiblePhysicalLayoutTooManyXTPFiles", Rules: []string{"multiple-xtp-containers"}, Remedy: "keep one container in the MEMORY_OPTIMIZED_DATA filegroup at the source and take a new full backup"},
	{Code: "BlobStorageFailure", Rules: []string{"archived-blob"}, Remedy: "rehydrate archived blobs; otherwise retry and check the storage account"},
	{Code: "BackupsFromMultipleDatabasesDetectedInTheContainerFromTheStart", Rules: []string{"mixed-databases"}, Remedy: "move each database's backups to a folder of its own (baklint fix) and point the migration at that folder"},
	{Code: "ManagedIdentityIssueDetectedFromTheStart", NotCovered: "the identity's permissions, not the backups", Remedy: "grant the instance's managed identity Storage Blob Data Reader on the container"},
	{Code: "StorageBrokenIssueDetectedAtTheStart", NotCovered: "storage access (SAS, firewall), not the layout; baklint lint with the same SAS proves Read and List", Remedy: "give a SAS with Read and List that has not expired, and allow the instance through the storage firewall"},
	{Code: "StorageBrokenIssueDetectedTerminateRetries", NotCovered: "storage access (SAS, firewall), not the layout", Remedy: "renew the SAS (Read and List) and start the migration again"},
	{Code: "BackupSetBroken", Rules: []string{"truncated-backup", "incomplete-stripe-set", "multiple-backup-sets"}, Remedy: "upload the backup set again whole, one backup set per file"},
	{Code: "SqlRestoreError", NotCovered: "a generic RESTORE failure; its message carries the SQL Server error, which explain maps when it knows it", Remedy: "read the SQL Server error in the message"},
	{Code: "ManagedDatabaseNotInRestoringState", NotCovered: "the target database's state, not the backups", Remedy: "the database is no longer restoring: stop the migration and start it again"},

	// Refusals baklint recognises in messages and file lists rather than
	// by a code of the service.
	{Code: "SqlError3169", Rules: []string{"version-too-new"}, Remedy: "restore to a target of the same or a later SQL Server version (for Managed Instance, its update policy)"},
	{Code: "SqlError5170", Rules: []string{"physical-file-collision"}, Remedy: "restore with MOVE to other physical file names, or migrate the colliding databases to different instances"},
	{Code: "SqlError33111", Rules: []string{"unreadable-header"}, Remedy: "migrate the certificate the backup or database is encrypted with to the target first (baklint cannot read the thumbprint; RESTORE HEADERONLY at the source shows it)"},
	{Code: "InvalidFile", Rules: []string{"non-backup-file", "unreadable-header", "empty-backup", "truncated-backup", "backup-extension", "unsupported-compression"}, Remedy: "remove the file from the database's folder, or replace it with a complete native backup named .bak, .trn, .log or .diff"},
	{Code: "UnrestorableFile", Rules: []string{"non-backup-file", "unreadable-header", "empty-backup", "truncated-backup", "backup-extension", "multiple-backup-sets", "unsupported-compression"}, Remedy: "remove the file from the database's folder, or replace it with a complete native backup, one backup set per file"},
}

// messagePatterns recognise refusals reported as text without a code,
// case-insensitively: the code they stand for.
var messagePatterns = []struct{ substr, code string }{
	{"backups from multiple databases", "BackupsFromMultipleDatabasesDetectedInTheContainerFromTheStart"},
	{"error 3169", "SqlError3169"},
	{"backed up on a server running version", "SqlError3169"},
	{"error 5170", "SqlError5170"},
	{"because it already exists", "SqlError5170"},
	{"error 33111", "SqlError33111"},
	{"cannot find server certificate", "MissingThumbprint"},
	{"multiple log files are not supported", "IncompatiblePhysicalLayoutWrongNumberOfLogFiles"},
	{"missing stripes", "MissingStripeInBackupSet"},
	{"gap in log backups", "BrokenRestorePlanGapInLogBackups"},
	{"no full backup", "BrokenRestorePlanNoFullBackup"},
	{"missing checksum", "FullBackupMissingChecksum"},
}

// LookupCode returns the entry of a code, case-insensitively.
func LookupCode(code string) (Code, bool) {
	for _, c := range Codes {
		if strings.EqualFold(c.Code, code) {
			return c, true
		}
	}
	return Code{}, false
}
