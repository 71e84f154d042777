package layout

import (
	"path"
	"strings"
)

// DatabaseReadiness says whether one database of a Result can be handed to
// DMS or LRS as it is, and if not, what stands in the way.
type DatabaseReadiness struct {
	Database Database
	// Folder is the one folder the service must be pointed at ("" is the
	// container root). Meaningful only when the database sits in exactly
	// one folder.
	Folder string
	Ready  bool
	// Reasons are the conditions that fail, other than findings, in the
	// order they are checked (chain, last backup, folders, name).
	Reasons []string
	// Blocking are the error findings that name the database or a path in
	// its folder, in the Result's order.
	Blocking []Finding
}

// Readiness decides, for every database of r in r.Databases order, whether
// its migration can start. It is the one place that decides it: `baklint
// script` writes commands only for ready databases and `baklint explain`
// reads the same answer. A database is ready when
//   - its chain_status is "complete" and it has a last_backup_name,
//   - it sits in exactly one folder (the one the service is pointed at),
//   - no other database of the result has its name (case-insensitively):
//     one target instance cannot hold both under that name,
//   - and no finding of severity error names it, or a path in its folder
//     or a parent folder of it, or its whole container (a container-level
//     finding has no path).
func (r *Result) Readiness() []DatabaseReadiness {
	names := map[string]int{}
	for _, db := range r.Databases {
		names[strings.ToLower(db.Name)]++
	}
	out := make([]DatabaseReadiness, len(r.Databases))
	for i, db := range r.Databases {
		rd := DatabaseReadiness{Database: db}
		if db.ChainStatus != "complete" {
			status := db.ChainStatus
			if status == "" {
				status = "unknown"
			}
			rd.Reasons = append(rd.Reasons, "its restore chain is "+status+", not complete")
		}
		if db.LastBackupName == "" {
			rd.Reasons = append(rd.Reasons, "no last backup name is known")
		}
		switch len(db.Folders) {
		case 1:
			rd.Folder = db.Folders[0]
		case 0:
			rd.Reasons = append(rd.Reasons, "it has no folder")
		default:
			rd.Reasons = append(rd.Reasons, "its backups sit in "+plural(len(db.Folders), "folder")+" ("+strings.Join(db.Folders, ", ")+"), not one")
		}
		if names[strings.ToLower(db.Name)] > 1 {
			rd.Reasons = append(rd.Reasons, "another database in this source has the same name; one target cannot restore both under it")
		}
		for _, f := range r.Findings {
			if f.Severity == Error && blocks(f, db, rd.Folder) {
				rd.Blocking = append(rd.Blocking, f)
			}
		}
		rd.Ready = len(rd.Reasons) == 0 && len(rd.Blocking) == 0
		out[i] = rd
	}
	return out
}

// blocks reports whether finding f stands in the way of database db, whose
// one folder is folder.
func blocks(f Finding, db Database, folder string) bool {
	if f.Container != db.Container {
		return false
	}
	if f.Database != "" && f.Database == db.Name {
		return true
	}
	if f.Path == "" && f.Database == "" {
		return true // about the container itself: every database in it
	}
	if len(db.Folders) != 1 {
		return false // not ready anyway; no single folder to compare with
	}
	p := strings.TrimSuffix(f.Path, "/")
	if folder == "" {
		// The root is the database's folder: only files directly in it.
		return !strings.Contains(p, "/")
	}
	// In the folder, below it, or a parent folder of it (a parent's name
	// is part of the folder's path: reserved-keyword reports it there).
	return p == folder || strings.HasPrefix(p, folder+"/") || path.Dir(p) == folder ||
		(p != "" && strings.HasPrefix(folder, p+"/"))
}
