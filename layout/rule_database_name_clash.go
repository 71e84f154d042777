package layout

import (
	"fmt"
	"slices"
	"strings"
)

var ruleDatabaseNameClash = Rule{
	ID:        "database-name-clash",
	Severity:  Warning,
	Rationale: "Two different databases (other BindingID) share a name: restored to one target, only one of them can keep it, and a migration that takes the name from the folder restores the wrong one.",
	Link:      docHeader,
	Check:     checkDatabaseNameClash,
}

// checkDatabaseNameClash reports each database of a name that several
// identities share, anywhere in the inventory. When they all sit in the
// same one folder, mixed-databases already says it.
func checkDatabaseNameClash(c *Context) {
	byName := map[string][]*DatabaseFiles{}
	var names []string
	for _, db := range c.Databases {
		if byName[db.Name] == nil {
			names = append(names, db.Name)
		}
		byName[db.Name] = append(byName[db.Name], db)
	}
	for _, name := range names {
		clash := distinctIdentities(byName[name])
		if len(clash) < 2 || c.sameSingleFolder(clash) {
			continue
		}
		// Every server has a master and an msdb: a name may be shared by
		// hundreds of databases, so each message names a few of the others
		// and counts the rest, and each one's place is worked out once.
		const named = 3
		places := make([]string, min(len(clash), named+1))
		for k := range places {
			places[k] = fmt.Sprintf("%s in %s", clash[k].describe(), c.placeOf(clash[k]))
		}
		for _, db := range clash {
			var others []string
			for k, o := range clash[:len(places)] {
				if o != db && len(others) < named {
					others = append(others, places[k])
				}
			}
			if rest := len(clash) - 1 - len(others); rest > 0 {
				others = append(others, fmt.Sprintf("%s more", plural(rest, "other")))
			}
			c.Report(Finding{
				Container: db.Container,
				Path:      folderPath(c.foldersOf(db)[0]),
				Database:  db.Name,
				Message: fmt.Sprintf("database %s (%s) shares its name with %s: %s; they are different databases, and restored to one target only one can keep the name",
					quote(db.Name), db.describe(), plural(len(clash)-1, "other database"), strings.Join(others, ", ")),
				Remedy: fmt.Sprintf("migrate them as separate databases: baklint fix gives this one its own folder %s; give the other a different target database name (DMS and LRS ask for it)", c.destFolder(db)),
			})
		}
	}
}

// foldersOf lists the folders holding db's files, sorted.
func (c *Context) foldersOf(db *DatabaseFiles) []string {
	var dirs []string
	for _, i := range db.Files {
		if d := c.Files[i].Dir(); !slices.Contains(dirs, d) {
			dirs = append(dirs, d)
		}
	}
	slices.Sort(dirs)
	return dirs
}

// placeOf names where a database's backups are, for a message.
func (c *Context) placeOf(db *DatabaseFiles) string {
	dirs := c.foldersOf(db)
	s := where(dirs[0])
	if len(dirs) > 1 {
		s += fmt.Sprintf(" (and %s)", plural(len(dirs)-1, "other folder"))
	}
	if db.Container != "" {
		s += " of container " + quote(db.Container)
	}
	return s
}

// sameSingleFolder: every database of dbs sits in one and the same folder.
func (c *Context) sameSingleFolder(dbs []*DatabaseFiles) bool {
	first := c.foldersOf(dbs[0])
	if len(first) != 1 {
		return false
	}
	for _, db := range dbs[1:] {
		dirs := c.foldersOf(db)
		if db.Container != dbs[0].Container || len(dirs) != 1 || dirs[0] != first[0] {
			return false
		}
	}
	return true
}
