package layout

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/baklint/baklint/bakhdr"
	"github.com/baklint/baklint/blobscan"
)

// Naming patterns of the common backup tools (SPEC §5). Three have a
// fixed-width suffix after the database name and are matched by template
// ('d' a digit, 'h' a hex digit, anything else itself), which is an order
// of magnitude cheaper than a regexp on a million names.
var suffixPatterns = []struct {
	tpl  string
	exts []string
}{
	// SQL Server Managed Backup: DB_<guid without dashes>_yyyyMMddHHmmss+00.bak|log
	{"_hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh_dddddddddddddd+dd", []string{".bak", ".log"}},
	// Maintenance Plan: DB_backup_yyyy_MM_dd_HHmmss_NNNNNNN.bak|trn
	{"_backup_dddd_dd_dd_dddddd_ddddddd", []string{".bak", ".trn"}},
	// dbatools Backup-DbaDatabase: DB_yyyyMMddHHmm.bak|trn
	{"_dddddddddddd", []string{".bak", ".trn"}},
}

// olaName is Ola Hallengren's
// SERVER[$INSTANCE]_DB_TYPE[_PARTIAL][_COPY_ONLY]_yyyyMMdd_HHmmss[_N].bak|trn.
// The server name ends at the first underscore (NetBIOS names have none);
// database names may hold underscores.
var olaName = regexp.MustCompile(`^[^_]+_(?P<db>.+)_(?P<type>FULL|DIFF|LOG)(?:_PARTIAL)?(?:_COPY_ONLY)?_\d{8}_\d{6}(?:_\d+)?\.(?i:bak|trn)$`)

// mayBeOla is a cheap filter run before the olaName regexp.
func mayBeOla(n string) bool {
	return strings.Contains(n, "_FULL_") || strings.Contains(n, "_DIFF_") || strings.Contains(n, "_LOG_")
}

// matchSuffix returns the database part of name when name is
// DB + tpl + one of exts (case-insensitive).
func matchSuffix(name, tpl string, exts []string) (string, bool) {
	ext := extension(name)
	if !slices.Contains(exts, ext) {
		return "", false
	}
	stem := name[:len(name)-len(ext)]
	if len(stem) <= len(tpl) {
		return "", false
	}
	tail := stem[len(stem)-len(tpl):]
	for i := 0; i < len(tpl); i++ {
		c := tail[i]
		switch tpl[i] {
		case 'd':
			if c < '0' || c > '9' {
				return "", false
			}
		case 'h':
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return "", false
			}
		default:
			if c != tpl[i] {
				return "", false
			}
		}
	}
	return stem[:len(stem)-len(tpl)], true
}

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

// olaFolderType is olaTypeFolder of a folder name in any case. It compares
// rather than upper-casing: that was a string for every file of a scan
// (7 MB of garbage at a million files).
func olaFolderType(name string) string {
	for k, t := range olaTypeFolder {
		if strings.EqualFold(k, name) {
			return t
		}
	}
	return ""
}

// Attribute sets f.Database, f.AttributedBy and f.BackupType from, in order
// of authority, the header, a known naming pattern and the first-level
// folder (SPEC §5). A file none of them names keeps an empty Database, and
// so does a file that is not a backup: non-backups never make a database.
// Names come from untrusted input and are kept verbatim: SafeName maps them
// to folder names.
func Attribute(f *File) {
	f.Database, f.AttributedBy, f.BackupType = "", 0, 0
	if !IsBackup(f) {
		return
	}
	if h := f.Header; h != nil {
		f.BackupType = BackupTypeOf(h.BackupType)
	}
	if f.BackupType == 0 {
		// Names are guessed only where the header is silent: the Ola
		// pattern is a regexp, and this runs for every file of a scan.
		f.BackupType = BackupTypeOf(GuessBackupType(f.Path))
	}
	if h := f.Header; h != nil {
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
	for _, p := range suffixPatterns {
		if db, ok := matchSuffix(name, p.tpl, p.exts); ok {
			return db
		}
	}
	if mayBeOla(name) {
		if m := olaName.FindStringSubmatch(name); m != nil {
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
	if mayBeOla(name) {
		if m := olaName.FindStringSubmatch(name); m != nil {
			return olaTypeFolder[m[2]]
		}
	}
	if t := olaFolderType(path.Base(strings.TrimSuffix(dir, "/"))); t != "" && dir != "" {
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

// IsBackup reports whether f is a backup. Its content decides where it was
// read (a native signature, even in a file cut short, is a backup; a file
// without one is not, whatever its name); only an unread file is judged by
// its extension.
func IsBackup(f *File) bool {
	switch f.Content {
	case Native, Truncated, Damaged, Undecoded:
		return true
	case NotNative:
		return false
	}
	return f.Header != nil || blobscan.IsBackupName(f.Path)
}

// acceptedExtensions are the names LRS reads as backups; it skips others.
var acceptedExtensions = map[string]bool{".bak": true, ".trn": true, ".log": true, ".diff": true}

// HasAcceptedExtension reports whether LRS would read p as a backup by its name.
func HasAcceptedExtension(p string) bool { return acceptedExtensions[extension(path.Base(p))] }
