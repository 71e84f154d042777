package layout

import (
	"fmt"
	"slices"
	"strings"
)

var ruleCaseCollision = Rule{
	ID:        "case-collision",
	Severity:  Warning,
	Rationale: "Blob names are case-sensitive but SQL Server database names and Windows folders usually are not: names that differ only in case collide after the migration.",
	Link:      docLRS,
	Check:     checkCaseCollision,
}

func checkCaseCollision(c *Context) {
	// Folders: every level of every folder path, per root, so that
	// "Sales/FULL" and "sales/LOG" collide at "Sales"/"sales".
	type lowerKey struct{ container, lower string }
	spellings := map[lowerKey][]string{}
	seen := map[folderKey]bool{}
	for _, fo := range c.Folders {
		for p := fo.Path; p != ""; p = parentDir(p) {
			k := folderKey{fo.Container, p}
			if seen[k] {
				break
			}
			seen[k] = true
			lk := lowerKey{fo.Container, strings.ToLower(p)}
			spellings[lk] = append(spellings[lk], p)
		}
	}
	keys := make([]lowerKey, 0, len(spellings))
	for k, v := range spellings {
		if len(v) > 1 {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b lowerKey) int {
		if n := strings.Compare(a.container, b.container); n != 0 {
			return n
		}
		return strings.Compare(a.lower, b.lower)
	})
	for _, k := range keys {
		names := spellings[k]
		slices.Sort(names)
		quoted := make([]string, len(names))
		for i, n := range names {
			quoted[i] = quote(n + "/")
		}
		c.Report(Finding{
			Container: k.container,
			Path:      folderPath(names[0]),
			Message:   "folders differ only in case: " + joinLimited(quoted),
			Remedy:    "merge them under one spelling; on Windows and in case-insensitive tools they are the same folder",
		})
	}

	// Databases named only by their folder were covered above; across
	// containers, equal folder names are no evidence of one database. The
	// same spelling in two containers is two databases (see Context), not
	// a case collision, so a group needs two spellings to be reported.
	byLower := map[string][]*DatabaseFiles{}
	for _, db := range c.Databases {
		if !slices.ContainsFunc(db.Files, func(i int) bool { return c.Files[i].AttributedBy != ByFolder }) {
			continue
		}
		l := strings.ToLower(db.Name)
		byLower[l] = append(byLower[l], db)
	}
	for _, db := range c.Databases {
		group := byLower[strings.ToLower(db.Name)]
		if len(group) < 2 || group[0] != db {
			continue
		}
		var names []string
		for _, g := range group {
			if !slices.Contains(names, g.Name) {
				names = append(names, g.Name)
			}
		}
		if len(names) < 2 {
			continue
		}
		quoted := make([]string, len(names))
		for i, n := range names {
			quoted[i] = quote(n)
		}
		first := db.Files[0]
		for _, i := range db.Files {
			if c.Files[i].Path < c.Files[first].Path {
				first = i
			}
		}
		f := c.Files[first]
		c.Report(Finding{
			Container: f.Container,
			Path:      f.Path,
			Database:  db.Name,
			Message:   fmt.Sprintf("database names differ only in case: %s; SQL Server's default collation treats them as one name", joinLimited(quoted)),
			Remedy:    "if they are one database, use one spelling; if not, restore one of them under another name",
		})
	}
}

// parentDir returns the folder above p, "" above a first-level folder.
func parentDir(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return ""
}
