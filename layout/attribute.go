package layout

import (
	"path"
	"regexp"
	"strings"

	"github.com/baklint/baklint/bakhdr"
)

// Naming patterns of the common backup tools (SPEC §5). Each captures the
// database name as "db"; the others anchor the pattern so that an ordinary
// name such as "sales_2024.bak" does not pass for one of them.
var (
	// SQL Server Managed Backup: DB_<guid without dashes>_yyyyMMddHHmmss+00.bak|log
	managedBackupName = regexp.MustCompile(`^(?P<db>.+)_[0-9a-fA-F]{32}_\d{14}\+\d{2}\.(?i:bak|log)$`)
	// Maintenance Plan: DB_backup_yyyy_MM_dd_HHmmss_NNNNNNN.bak|trn
	maintenancePlanName = regexp.MustCompile(`^(?P<db>.+)_backup_\d{4}_\d{2}_\d{2}_\d{6}_\d{7}\.(?i:bak|trn)$`)
	// Ola Hallengren: SERVER[$INSTANCE]_DB_TYPE[_PARTIAL][_COPY_ONLY]_yyyyMMdd_HHmmss[_N].bak|trn.
	// The server name ends at the first underscore (NetBIOS names have
	// none); database names may hold underscores.
	olaName = regexp.MustCompile(`^[^_]+_(?P<db>.+)_(?P<type>FULL|DIFF|LOG)(?:_PARTIAL)?(?:_COPY_ONLY)?_\d{8}_\d{6}(?:_\d+)?\.(?i:bak|trn)$`)
	// dbatools Backup-DbaDatabase: DB_yyyyMMddHHmm.bak|trn
	dbatoolsName = regexp.MustCompile(`^(?P<db>.+)_\d{12}\.(?i:bak|trn)$`)
)

var namePatterns = []*regexp.Regexp{managedBackupName, maintenancePlanName, olaName, dbatoolsName}

// olaTypeFolder maps the folders Ola Hallengren's scripts create under
// SERVER$INSTANCE/DB/ to the backup type they hold.
var olaTypeFolder = map[string]string{
	"FULL":                   bakhdr.TypeFull,
	"FULL_COPY_ONLY":         bakhdr.TypeFull,
	"FULL_PARTIAL":           bakhdr.TypePartial,
	"DIFF":                   bakhdr.TypeDifferential,
	"DIFF_PARTIAL":           bakhdr.TypeDifferentialPartial,
	"LOG":                    bakhdr.TypeLog,
	"LOG_COPY_ONLY":          bakhdr.TypeLog,
	"FULL_PARTIAL_COPY_ONLY": bakhdr.TypePartial,
}

// Attribute sets f.Database, f.AttributedBy and f.BackupType from, in order
// of authority, the header, a known naming pattern and the first-level
// folder (SPEC §5). A file none of them names keeps an empty Database.
// Names come from untrusted input and are kept verbatim: SafeName maps them
// to folder names.
func Attribute(f *File) {
	f.Database, f.AttributedBy = "", ""
	f.BackupType = GuessBackupType(f.Path)
	if h := f.Header; h != nil {
		if h.BackupType != "" {
			f.BackupType = h.BackupType
		}
		if h.DatabaseName != "" {
			f.Database, f.AttributedBy = h.DatabaseName, ByHeader
			return
		}
	}
	if db := DatabaseFromName(f.Path); db != "" {
		f.Database, f.AttributedBy = db, ByName
		return
	}
	if first, _, ok := strings.Cut(f.Path, "/"); ok && first != "" {
		f.Database, f.AttributedBy = first, ByFolder
	}
}

// DatabaseFromName returns the database a known tool's naming scheme puts
// in p (a path relative to the container root), or "".
func DatabaseFromName(p string) string {
	dir, name := path.Split(p)
	dir = strings.TrimSuffix(dir, "/")
	// Ola's tree …/DB/FULL/file: the folder is authoritative, because the
	// file name's split between server and database is ambiguous.
	if parent := path.Base(dir); dir != "" && olaTypeFolder[parent] != "" {
		if up := path.Dir(dir); up != "." {
			return path.Base(up)
		}
	}
	for _, re := range namePatterns {
		if m := re.FindStringSubmatch(name); m != nil {
			return m[1]
		}
	}
	return ""
}

// GuessBackupType guesses the backup type from a path, for files whose
// header was not read: an Ola type token or folder, then the extension.
// It returns "" when nothing says (a plain .bak may be full or differential).
func GuessBackupType(p string) string {
	dir, name := path.Split(p)
	if m := olaName.FindStringSubmatch(name); m != nil {
		return olaTypeFolder[m[2]]
	}
	if t := olaTypeFolder[strings.ToUpper(path.Base(strings.TrimSuffix(dir, "/")))]; t != "" && dir != "" {
		return t
	}
	switch extension(name) {
	case ".trn", ".log":
		return bakhdr.TypeLog
	case ".diff", ".dif":
		return bakhdr.TypeDifferential
	}
	return ""
}

// backupExtensions are the extensions SQL Server tools give backups.
var backupExtensions = map[string]bool{".bak": true, ".trn": true, ".log": true, ".diff": true, ".dif": true, ".bck": true}

// headerExtensions are those whose unreadable header is worth a warning.
var headerExtensions = map[string]bool{".bak": true, ".trn": true, ".log": true, ".diff": true}

// extension returns the lower-case extension of a file name, with its dot.
func extension(name string) string {
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return ""
	}
	ext := name[i:]
	for j := 0; j < len(ext); j++ {
		if c := ext[j]; c >= 'A' && c <= 'Z' {
			return strings.ToLower(ext)
		}
	}
	return ext
}

// IsBackup reports whether f is a backup: it has a header, or a backup
// extension.
func IsBackup(f *File) bool {
	if f.Header != nil {
		return true
	}
	return backupExtensions[extension(path.Base(f.Path))]
}
