package layout

// rules is every rule, listed here rather than registered from init
// functions, so the whole set is visible in one place (as in tflint and
// go/analysis). Adding a rule is its file, its test, a line here and the
// regenerated docs/rules.md. Keep the list sorted by ID.
var rules = []Rule{
	ruleArchivedBlob,
	ruleBackupExtension,
	ruleCaseCollision,
	ruleDatabaseNameClash,
	ruleDatabaseSplitAcrossFolders,
	ruleEmptyBackup,
	ruleFilestreamData,
	ruleIncompleteStripeSet,
	ruleLogChainGap,
	ruleMemoryOptimizedData,
	ruleMissingFullBackup,
	ruleMixedDatabases,
	ruleMultipleBackupSets,
	ruleMultipleLogFiles,
	ruleMultipleXtpContainers,
	ruleNestedFolder,
	ruleNoChecksum,
	ruleNonBackupFile,
	rulePageBlobRequired,
	rulePageBlobUnaligned,
	rulePhysicalFileCollision,
	ruleReservedKeyword,
	ruleStripedLogBackup,
	ruleTooManyDatabaseFiles,
	ruleTooManyFiles,
	ruleTruncatedBackup,
	ruleUnattributedBackup,
	ruleUnreadableHeader,
	ruleUnsupportedCompression,
	ruleVersionTooNew,
}
