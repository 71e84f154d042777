package layout

import (
	"fmt"
	"slices"
	"strings"
)

var rulePhysicalFileCollision = Rule{
	ID:        "physical-file-collision",
	Severity:  Error,
	Targets:   vmTargets,
	Rationale: "Two databases whose files have the same file name cannot both be restored into one SQL Server's data folder: the second restore fails with error 5170 (\"Cannot create file … because it already exists\"). Compares, without case, the file name part of the physical names in each database's latest full backup, since the target restores into its own data folder.",
	Link:      docMove,
	// Not KeepsFile: the backups are sound; the names are chosen at
	// restore time, and the databases still belong in their folders.
	Check: checkPhysicalFileCollision,
}

// placedFile is one database file of one database's latest full backup.
type placedFile struct {
	db, full int // indexes into Context.Databases and Context.Files
	logical  string
	physical string
}

// checkPhysicalFileCollision groups the files of every database bound for
// the target (each database's latest full backup) by the file name part of
// their physical path, compared without case. The folder is left out on
// purpose: DMS restores to a VM into the target's own data and log folders
// (F:\data\X.mdf), so C:\a\X.mdf and D:\b\x.MDF both become F:\data\X.mdf
// there, and Windows file names do not differ by case. Two files of one
// database are not compared (SQL Server keeps them apart on the source).
func checkPhysicalFileCollision(c *Context) {
	byName := map[string][]placedFile{}
	var names []string
	for d := range c.Databases {
		i, files, _ := c.fileList(d)
		for _, f := range files {
			key := strings.ToLower(physicalBase(f.PhysicalName))
			if i < 0 || key == "" {
				continue
			}
			if byName[key] == nil {
				names = append(names, key)
			}
			byName[key] = append(byName[key], placedFile{d, i, f.LogicalName, f.PhysicalName})
		}
	}
	// pairs[d][o] lists the files of database d whose names database o's
	// files share, as "its X and their Y".
	pairs := map[int]map[int][]string{}
	first := map[int]placedFile{}
	var order []int
	for _, key := range names {
		group := byName[key]
		for _, p := range group {
			for _, o := range group {
				if o.db == p.db {
					continue
				}
				if pairs[p.db] == nil {
					pairs[p.db] = map[int][]string{}
					order = append(order, p.db)
					first[p.db] = p
				}
				pairs[p.db][o.db] = append(pairs[p.db][o.db], fmt.Sprintf("its %s (%s) and their %s (%s)", quote(p.logical), p.physical, quote(o.logical), o.physical))
			}
		}
	}
	for _, d := range order {
		var others []int
		for o := range pairs[d] {
			others = append(others, o)
		}
		slices.Sort(others)
		var clashes []string
		for _, o := range others {
			clashes = append(clashes, fmt.Sprintf("with database %s (%slatest full backup %s): %s",
				quote(c.Databases[o].Name), identityPrefix(c.Databases[o], ", "), c.Files[first[o].full].Path, strings.Join(pairs[d][o], "; ")))
		}
		p := first[d]
		c.reportFileList(d, p.full,
			fmt.Sprintf("%sits files share file names %s; restored to one SQL Server, the second restore fails with error 5170 (file already exists)",
				identityPrefix(c.Databases[d], ": "), joinLimited(clashes)),
			fmt.Sprintf("restore one of them with other file names: RESTORE DATABASE … WITH MOVE '%s' TO 'F:\\data\\%s_%s', … for each clashing file; with DMS to a VM, which keeps the names, migrate one database first and rename its files (ALTER DATABASE … MODIFY FILE (NAME = '%s', FILENAME = …), moving the files while it is offline), then migrate the other",
				p.logical, c.Databases[d].Name, physicalBase(p.physical), p.logical))
	}
}

// identityPrefix describes db's server and BindingID followed by sep, or
// nothing when no header gave them.
func identityPrefix(db *DatabaseFiles, sep string) string {
	if db.Server == "" && db.BindingID == "" {
		return ""
	}
	return db.describe() + sep
}

// physicalBase is the file name part of a physical path, which may use
// Windows or Linux separators.
func physicalBase(p string) string {
	return p[strings.LastIndexAny(p, `\/`)+1:]
}
