package layout

import (
	"slices"
	"strings"
)

// Context is what a rule's Check sees: the inventory, the target, indexes
// derived once per Lint, and Report.
type Context struct {
	Inventory *Inventory
	Target    Target
	// Files[i] describes Inventory.Files[i].
	Files []FileInfo
	// Folders holds every folder that directly holds files, the container
	// root (Path "") included, sorted by container, then path. Each
	// container of an account-wide inventory is its own root.
	Folders []*Folder
	// Databases holds every attributed database, sorted by name, then
	// container, with its files from every folder of its container: the
	// fixer gathers those into one folder, so chains and counts are per
	// database within a container. DMS restores from one container, so the
	// same name in two containers of an account-wide inventory is two
	// databases, each of which must restore on its own.
	Databases []*DatabaseFiles

	rule     *Rule
	findings []Finding
	chains   []*chain // by index in Databases, computed on first use
}

// FileInfo is a file with the facts the rules keep asking for. It is kept
// small (32 bytes) because a million of them are scanned by every rule.
type FileInfo struct {
	*File
	slash  int32 // index of the last '/' in Path, -1 at the root
	Depth  int32 // folders between the root and the file
	DB     int32 // index in Context.Databases, -1 when none
	Backup bool  // a backup by its content, or by its extension when unread
	// Stale: a backup of the database from before it was restored in
	// place (an earlier BindingID); it cannot join the current chain.
	Stale bool
	// Ambiguous: several databases share the file's database name and
	// nothing in the file tells which it belongs to.
	Ambiguous bool
}

// Dir is the folder path relative to the root, "" at the root.
func (f FileInfo) Dir() string {
	if f.slash < 0 {
		return ""
	}
	return f.Path[:f.slash]
}

// Name is the base name.
func (f FileInfo) Name() string { return f.Path[f.slash+1:] }

// Ext is the lower-case extension, with its dot.
func (f FileInfo) Ext() string { return extension(f.Name()) }

// Folder is one folder of one root.
type Folder struct {
	Container string
	Path      string // "" for the root
	Files     []int  // indexes into Context.Files, in inventory order
	Backups   int    // how many of Files are backups
}

// DatabaseFiles is one database of one container: a name and, where the
// headers give one, an identity (SPEC §5).
type DatabaseFiles struct {
	Container string // "" unless the inventory is account-wide
	Name      string
	// BindingID, FamilyGUID and Server are the current identity, from
	// the latest backup whose header has one; empty when none does.
	BindingID, FamilyGUID, Server string
	// Folder is where baklint fix gathers the database (the name, made
	// safe, plus the server or BindingID when another database shares the
	// name), and FolderReason why it is not simply the name.
	Folder, FolderReason string
	Files                []int // indexes into Context.Files, in inventory order
}

type folderKey struct{ container, path string }

func newContext(inv *Inventory, t Target) *Context {
	c := &Context{Inventory: inv, Target: t, Files: make([]FileInfo, len(inv.Files))}
	folders := map[folderKey]*Folder{}
	// Two passes: the first counts each folder's files, so that their index
	// lists are carved from one exactly sized array instead of growing by
	// appends (at a million files, the growth alone was about 100 MB of
	// garbage).
	folderN := map[*Folder]int{}
	for i := range inv.Files {
		f := &inv.Files[i]
		fi := FileInfo{File: f, slash: int32(strings.LastIndexByte(f.Path, '/'))}
		if fi.slash >= 0 {
			fi.Depth = int32(strings.Count(fi.Dir(), "/") + 1)
		}
		fi.Backup = IsBackup(f)
		c.Files[i] = fi

		k := folderKey{f.Container, fi.Dir()}
		fo := folders[k]
		if fo == nil {
			fo = &Folder{Container: f.Container, Path: fi.Dir()}
			folders[k] = fo
		}
		folderN[fo]++
		if fi.Backup {
			fo.Backups++
		}
	}
	byFolder, off := make([]int, len(inv.Files)), 0
	for fo, n := range folderN {
		fo.Files, off = byFolder[off:off:off+n], off+n
	}
	for i := range c.Files {
		fi := &c.Files[i]
		fo := folders[folderKey{fi.Container, fi.Dir()}]
		fo.Files = append(fo.Files, i)
	}
	c.Folders = make([]*Folder, 0, len(folders))
	for _, fo := range folders {
		c.Folders = append(c.Folders, fo)
	}
	slices.SortFunc(c.Folders, func(a, b *Folder) int {
		if n := strings.Compare(a.Container, b.Container); n != 0 {
			return n
		}
		return strings.Compare(a.Path, b.Path)
	})
	c.groupDatabases()
	c.chains = make([]*chain, len(c.Databases))
	return c
}

// Report records a finding of the running rule; Rule and Severity are
// filled in from it, and a rule whose findings mark files the fixer must
// leave marks this one too.
func (c *Context) Report(f Finding) {
	f.Rule, f.Severity = c.rule.ID, c.rule.Severity
	f.KeepsFile = f.KeepsFile || c.rule.KeepsFile
	c.findings = append(c.findings, f)
}

// reportFile records a finding about file i.
func (c *Context) reportFile(i int, message, remedy string) {
	f := c.Files[i]
	c.Report(Finding{Container: f.Container, Path: f.Path, Database: f.Database, Message: message, Remedy: remedy})
}

// folderPath is how a folder-level finding names the folder: its path with
// a trailing slash, or "" for the container root.
func folderPath(p string) string {
	if p == "" {
		return ""
	}
	return p + "/"
}

// where names a folder in a message.
func where(p string) string {
	if p == "" {
		return "the container root"
	}
	return "folder " + quote(p+"/")
}

// destFolder names the folder a remedy moves a database's backups to: the
// one baklint fix uses.
func (c *Context) destFolder(db *DatabaseFiles) string { return db.Folder + "/" }

// fileDestFolder is destFolder for the database of file f, or the safe form
// of its name when it has none.
func (c *Context) fileDestFolder(f FileInfo) string {
	if f.DB >= 0 {
		return c.destFolder(c.Databases[f.DB])
	}
	return SafeName(f.Database, c.Target.LRS) + "/"
}
