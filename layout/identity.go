package layout

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// A database is a restore chain, not a name (SPEC §5). Within one
// container, backups that share a name are grouped into databases by the
// identity their headers carry:
//   - the same BindingID (the database GUID) is the same database, on any
//     server (an availability group's replicas back up one database);
//   - on one server, the same FamilyGUID with another BindingID is the same
//     database restored in place: one database, whose backups from before
//     the restore cannot join the current chain ("stale");
//   - anything else is another database that happens to share the name.
// Files whose database is known only by name or folder join the one
// header-identified database of that name, and stay apart (ambiguous)
// when there are several.

// identityOf is one header-identified database in a name bucket.
type identityOf struct {
	files    []int
	bindings map[string]bool
	latest   int // the file with the latest backup: its identity is current
}

// groupDatabases assigns every backup with a database name to a database
// and fills c.Databases (sorted by name, container, server, BindingID) and
// each FileInfo's DB, Stale and Ambiguous.
func (c *Context) groupDatabases() {
	type nameKey struct{ container, name string }
	// Two passes, as for folders: count each name's files, then carve
	// every name's index list from one exactly sized array (appends would
	// leave about as much garbage again at a million files).
	counts := map[nameKey]int{}
	var order []nameKey
	total := 0
	for i := range c.Files {
		fi := &c.Files[i]
		fi.DB = -1
		if fi.Database == "" || !fi.Backup {
			continue
		}
		k := nameKey{fi.Container, fi.Database}
		if counts[k] == 0 {
			order = append(order, k)
		}
		counts[k]++
		total++
	}
	all, off := make([]int, total), 0
	buckets := make(map[nameKey][]int, len(order))
	for _, k := range order {
		buckets[k], off = all[off:off:off+counts[k]], off+counts[k]
	}
	for i := range c.Files {
		if fi := &c.Files[i]; fi.Database != "" && fi.Backup {
			k := nameKey{fi.Container, fi.Database}
			buckets[k] = append(buckets[k], i)
		}
	}
	for _, k := range order {
		c.splitByIdentity(k.container, k.name, buckets[k])
	}
	slices.SortFunc(c.Databases, func(a, b *DatabaseFiles) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.Container, b.Container),
			strings.Compare(a.Server, b.Server), strings.Compare(a.BindingID, b.BindingID))
	})
	for d, db := range c.Databases {
		for _, i := range db.Files {
			c.Files[i].DB = int32(d)
		}
	}
	c.nameFolders()
}

// splitByIdentity turns the files of one name in one container into one
// database per identity.
func (c *Context) splitByIdentity(container, name string, files []int) {
	// Union-find over BindingIDs: two are one database when one server
	// wrote both under the same FamilyGUID.
	parent := map[string]string{}
	find := func(b string) string {
		for parent[b] != b {
			parent[b] = parent[parent[b]]
			b = parent[b]
		}
		return b
	}
	lineage := map[string]string{} // server + FamilyGUID -> a BindingID
	for _, i := range files {
		h := c.Files[i].Header
		if h == nil || h.BindingID == "" {
			continue
		}
		if _, ok := parent[h.BindingID]; !ok {
			parent[h.BindingID] = h.BindingID
		}
		if h.FamilyGUID == "" {
			continue
		}
		key := strings.ToLower(h.ServerName) + "\x00" + h.FamilyGUID
		if other, ok := lineage[key]; ok {
			parent[find(h.BindingID)] = find(other)
		} else {
			lineage[key] = h.BindingID
		}
	}
	if len(parent) == 0 && c.olaServers(name, files) > 1 {
		// No header says who they are (--no-headers, or none readable),
		// and Ola trees of several servers hold a database of this name:
		// nothing tells whether they are one database, and guessing would
		// fix two databases into one folder.
		for _, i := range files {
			c.Files[i].Ambiguous = true
		}
		return
	}
	if len(parent) <= 1 {
		// The common case: one identity (or none) for the name.
		c.addDatabase(container, name, files, nil)
		return
	}
	groups := map[string]*identityOf{}
	var roots []string
	for _, i := range files {
		h := c.Files[i].Header
		if h == nil || h.BindingID == "" {
			continue
		}
		r := find(h.BindingID)
		g := groups[r]
		if g == nil {
			g = &identityOf{bindings: map[string]bool{}, latest: i}
			groups[r] = g
			roots = append(roots, r)
		}
		g.files = append(g.files, i)
		g.bindings[h.BindingID] = true
		if c.laterStart(i, g.latest) {
			g.latest = i
		}
	}
	if len(roots) == 1 {
		c.addDatabase(container, name, files, groups[roots[0]])
		return
	}
	for _, r := range roots {
		c.addDatabase(container, name, groups[r].files, groups[r])
	}
	// Several databases share the name: a file no header identifies
	// cannot be placed in any of them. (Found again rather than listed
	// above: at a million files without headers, the lists were 26 MB.)
	for _, i := range files {
		if h := c.Files[i].Header; h == nil || h.BindingID == "" {
			c.Files[i].Ambiguous = true
		}
	}
}

// olaServers counts the servers whose Ola Hallengren tree
// (SERVER/DB/FULL|DIFF|LOG/file) holds files of name.
func (c *Context) olaServers(name string, files []int) int {
	var first string
	for _, i := range files {
		if c.Files[i].Depth != 3 {
			continue
		}
		server, rest, _ := strings.Cut(c.Files[i].Path, "/")
		db, rest, _ := strings.Cut(rest, "/")
		kind, _, _ := strings.Cut(rest, "/")
		if db != name || olaFolderType(kind) == "" {
			continue
		}
		switch {
		case first == "":
			first = server
		case server != first:
			return 2
		}
	}
	if first == "" {
		return 0
	}
	return 1
}

// laterStart orders backups by start time, then LastLSN, then path.
func (c *Context) laterStart(a, b int) bool {
	ha, hb := c.Files[a].Header, c.Files[b].Header
	if ha.BackupStart != hb.BackupStart {
		return ha.BackupStart > hb.BackupStart
	}
	if validLSN(ha.LastLSN) && validLSN(hb.LastLSN) {
		if n := compareLSN(ha.LastLSN, hb.LastLSN); n != 0 {
			return n > 0
		}
	}
	return c.Files[a].Path > c.Files[b].Path
}

// addDatabase records one database. With several BindingIDs (restored in
// place), the files of the earlier ones are stale: they cannot join the
// chain of the current one.
func (c *Context) addDatabase(container, name string, files []int, id *identityOf) {
	db := &DatabaseFiles{Container: container, Name: name, Files: files}
	if id == nil {
		// One identity at most: take it from the latest header that has one.
		latest := -1
		for _, i := range files {
			if h := c.Files[i].Header; h != nil && h.BindingID != "" {
				if latest < 0 || c.laterStart(i, latest) {
					db.BindingID, db.FamilyGUID, db.Server, latest = h.BindingID, h.FamilyGUID, h.ServerName, i
				}
			}
		}
	} else {
		h := c.Files[id.latest].Header
		db.BindingID, db.FamilyGUID, db.Server = h.BindingID, h.FamilyGUID, h.ServerName
		if len(id.bindings) > 1 {
			for _, i := range files {
				if hi := c.Files[i].Header; hi != nil && hi.BindingID != "" && hi.BindingID != db.BindingID {
					c.Files[i].Stale = true
				}
			}
		}
	}
	c.Databases = append(c.Databases, db)
}

// nameFolders decides the folder baklint fix gathers each database into.
// Databases that share a name (in any container: they would meet on one
// target) get the name plus what tells them apart (the server; the
// BindingID too when one server has both, or none is named). Folders are
// handed out from a set of names already taken, case-insensitively (local
// destinations and SQL Server names ignore case), plain names first, so
// that no folder ever holds two databases: a database really called
// "Sales-SQL01" keeps its name, and Sales from SQL01 then gets the BindingID.
func (c *Context) nameFolders() {
	byName := map[string][]*DatabaseFiles{}
	for _, db := range c.Databases {
		byName[db.Name] = append(byName[db.Name], db)
	}
	identities := make(map[string][]*DatabaseFiles, len(byName)) // once per name: a name may have hundreds
	for name, dbs := range byName {
		identities[name] = distinctIdentities(dbs)
	}
	taken := map[string]bool{}
	var clashing []*DatabaseFiles
	for _, db := range c.Databases {
		db.Folder = SafeName(db.Name, c.Target.LRS)
		switch {
		case db.Folder == db.Name:
		case SafeName(db.Name, false) == db.Name:
			db.FolderReason = `LRS and DMS to Managed Instance refuse "backup" in folder names`
		default:
			db.FolderReason = fmt.Sprintf("the name %s is not usable as a folder name as it is", quote(db.Name))
		}
		if len(identities[db.Name]) > 1 && db.BindingID != "" {
			clashing = append(clashing, db)
			continue
		}
		taken[strings.ToLower(db.Folder)] = true
	}
	given := map[string]string{} // name + BindingID -> folder: copies in two containers share one
	for _, db := range clashing {
		clash := identities[db.Name]
		key := db.Name + "\x00" + db.BindingID
		db.FolderReason = fmt.Sprintf("%d different databases are named %s; this one is from %s, and each gets its own folder", len(clash), quote(db.Name), db.describe())
		if f, ok := given[key]; ok {
			db.Folder = f
			continue
		}
		servers := 0
		for _, o := range clash {
			if strings.EqualFold(o.Server, db.Server) {
				servers++
			}
		}
		suffix := segmentOf(db.Server)
		candidates := []string{suffix, suffix + "-" + db.BindingID[:min(8, len(db.BindingID))], suffix + "-" + strings.ReplaceAll(db.BindingID, "-", "")}
		if suffix == "" || servers > 1 {
			candidates = candidates[1:]
		}
		for _, cand := range candidates {
			db.Folder = SafeName(strings.TrimSuffix(db.Name+"-"+strings.TrimPrefix(cand, "-"), "-"), c.Target.LRS)
			if !taken[strings.ToLower(db.Folder)] {
				break
			}
		}
		taken[strings.ToLower(db.Folder)] = true
		given[key] = db.Folder
	}
}

// distinctIdentities returns one database per BindingID among dbs, in
// order: the same database copied into two containers is one identity.
func distinctIdentities(dbs []*DatabaseFiles) []*DatabaseFiles {
	var out []*DatabaseFiles
	seen := map[string]bool{}
	for _, db := range dbs {
		if db.BindingID == "" || seen[db.BindingID] {
			continue
		}
		seen[db.BindingID] = true
		out = append(out, db)
	}
	return out
}

// describe names a database's identity for a message.
func (db *DatabaseFiles) describe() string {
	s := "server " + quote(db.Server)
	if db.BindingID != "" {
		s += ", BindingID " + db.BindingID
	}
	return s
}

// segmentOf turns a server name (SERVER\INSTANCE) into a path segment.
func segmentOf(server string) string {
	var b strings.Builder
	for _, r := range server {
		if UnsafeRune(r) || r == ' ' {
			r = '_'
		}
		b.WriteRune(r)
	}
	return strings.Trim(b.String(), "._")
}
