package fix

import (
	"bytes"
	"fmt"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/layout"
)

// SchemaVersion is the plan format this package writes and accepts.
const SchemaVersion = 1

// PlanDoc is the plan JSON of SPEC §7, plus fields the spec allows us to add:
// delete_source, in_place (files that already sit where they belong), and
// plan_sha256 (so an edited plan is refused instead of half-applied).
type PlanDoc struct {
	SchemaVersion int      `json:"schema_version"`
	Source        string   `json:"source"`
	Dest          string   `json:"dest"`
	Target        string   `json:"target"`
	DeleteSource  bool     `json:"delete_source"`
	Moves         []Move   `json:"moves"`
	Skipped       []Skip   `json:"skipped"`
	InPlace       []Skip   `json:"in_place"`
	Warnings      []string `json:"warnings"`
	PlanSHA256    string   `json:"plan_sha256,omitempty"`
}

// Move is one copy (and, with delete_source, the removal of its source).
type Move struct {
	From     string `json:"from"`
	To       string `json:"to"`
	Database string `json:"database"`
	// Folder differs from Database when the name was not safe as a path,
	// or when another database shares the name; FolderReason says which.
	Folder       string `json:"folder,omitempty"`
	FolderReason string `json:"folder_reason,omitempty"`
	Size         int64  `json:"size"`
	ETag         string `json:"etag"`
	FromType     string `json:"from_type"`
	ToType       string `json:"to_type"`
	Dest         string `json:"dest,omitempty"` // what the destination name holds: see ReadDest
	// BindingID is the database's identity, when its headers give one: a
	// destination folder already holding another identity is refused.
	BindingID string `json:"binding_id,omitempty"`
}

// Skip is a file the plan leaves alone, and why.
type Skip struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// Dest describes where the fixed layout goes.
type Dest struct {
	// Display is the destination as shown (URL without SAS, or folder).
	Display string
	// Prefix is the folder under the container root that receives the
	// database folders ("" for the root).
	Prefix string
	// Local: a local folder, where blob types do not exist.
	Local bool
	// SameContainer: the destination is the source's own container (or
	// folder), so files already in place need no copy and files at a
	// destination name block it.
	SameContainer bool
}

// PlanOptions tune the planner.
type PlanOptions struct {
	DeleteSource bool
	// ContentHash returns a hash of a source file's content (Content-MD5,
	// or SHA-256 for local files), or nil when it is unknown. Two sources
	// landing on one destination name are kept as one move only when their
	// hashes prove them identical; it is called only for such files, so a
	// plan does not read every file.
	ContentHash func(path string) []byte
}

// candidate is an eligible file on its way to a destination name.
type candidate struct {
	f      *layout.File
	to     string
	folder string
	toType string
	db     *layout.Database
}

// Plan decides what moves where; it does no I/O. What may move is what
// lint says may: the planner consumes the verdicts of layout.Lint for the
// target (a file with a finding that moving cannot repair stays, with that
// finding as its reason) and each database's folder (two databases that
// share a name get a folder each). Files are considered in path order so
// the same inventory always gives the same plan.
func Plan(inv *layout.Inventory, target layout.Target, dest Dest, opts PlanOptions) *PlanDoc {
	return planFrom(inv, layout.Lint(inv, target), target, dest, opts)
}

func planFrom(inv *layout.Inventory, res *layout.Result, t layout.Target, dest Dest, opts PlanOptions) *PlanDoc {
	doc := &PlanDoc{
		SchemaVersion: SchemaVersion,
		Source:        inv.Source,
		Dest:          dest.Display,
		Target:        t.Name,
		DeleteSource:  opts.DeleteSource,
		Moves:         []Move{},
		Skipped:       []Skip{},
		InPlace:       []Skip{},
		Warnings:      []string{},
	}
	prefix := strings.Trim(dest.Prefix, "/")
	if prefix != "" {
		doc.Warnings = append(doc.Warnings, fmt.Sprintf("destination prefix %q puts the database folders %d levels below the container root, and DMS and LRS read at most one: give a container root as --dest unless another tool reads this layout", prefix, strings.Count(prefix, "/")+2))
	}
	if t.LRS && strings.Contains(strings.ToLower(prefix), "backup") {
		doc.Warnings = append(doc.Warnings, fmt.Sprintf("destination prefix %q contains the reserved word \"backup\", which %s refuses: choose another prefix", prefix, t.Name))
	}
	kept := keptFiles(res.Findings)

	order := make([]int, len(inv.Files))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool {
		fa, fb := &inv.Files[order[a]], &inv.Files[order[b]]
		if fa.Container != fb.Container {
			return fa.Container < fb.Container
		}
		return fa.Path < fb.Path
	})

	skip := func(p, why string) { doc.Skipped = append(doc.Skipped, Skip{Path: p, Reason: why}) }
	byTo := map[string][]candidate{}
	var tos []string
	// folderDBs catches two databases whose names map to one folder.
	folderDBs := map[string]map[string]bool{}
	existing := map[string]bool{}
	for i := range inv.Files {
		existing[inv.Files[i].Path] = true
	}
	for _, i := range order {
		f := &inv.Files[i]
		var db *layout.Database
		if d := res.FileDatabase[i]; d >= 0 {
			db = &res.Databases[d]
		}
		c, why := classify(f, db, kept[fileKey{f.Container, f.Path}], t, dest, prefix)
		if why != "" {
			skip(f.Path, why)
			continue
		}
		key := c.folder
		if dest.Local {
			// Windows and macOS folders are case-insensitive.
			key = strings.ToLower(key)
		}
		if folderDBs[key] == nil {
			folderDBs[key] = map[string]bool{}
		}
		folderDBs[key][db.Name+"\x00"+db.BindingID] = true
		if byTo[c.to] == nil {
			tos = append(tos, c.to)
		}
		byTo[c.to] = append(byTo[c.to], c)
	}

	for _, to := range tos {
		cands := byTo[to]
		key := cands[0].folder
		if dest.Local {
			key = strings.ToLower(key)
		}
		if dbs := folderDBs[key]; len(dbs) > 1 {
			names := slices.Sorted(maps.Keys(dbs))
			for k := range names {
				names[k], _, _ = strings.Cut(names[k], "\x00")
			}
			for _, c := range cands {
				skip(c.f.Path, fmt.Sprintf("databases %s all map to folder %q: rename one in the plan's source or fix the headers", quoteList(names), c.folder))
			}
			continue
		}
		keep, dupes, conflict := resolve(cands, opts.ContentHash, dest.SameContainer)
		if conflict {
			paths := make([]string, len(cands))
			for i, c := range cands {
				paths[i] = c.f.Path
			}
			for _, c := range cands {
				skip(c.f.Path, fmt.Sprintf("conflict: %d files would land on %s (%s) and their content is not known to be identical; move all but one away and plan again", len(cands), to, strings.Join(paths, ", ")))
			}
			continue
		}
		for _, d := range dupes {
			doc.InPlace = append(doc.InPlace, Skip{Path: d.f.Path, Reason: fmt.Sprintf("identical to %s, which goes to %s", keep.f.Path, to)})
		}
		f := keep.f
		if dest.SameContainer && f.Path == to {
			if keep.toType == "" || keep.toType == f.BlobType.String() {
				doc.InPlace = append(doc.InPlace, Skip{Path: f.Path, Reason: "already in place"})
			} else {
				skip(f.Path, fmt.Sprintf("already at its destination as a %s, but %s needs a %s and a blob cannot be converted in place: plan into another container or prefix", f.BlobType, t.Name, keep.toType))
			}
			continue
		}
		if dest.SameContainer && existing[to] {
			skip(f.Path, fmt.Sprintf("destination %s is taken by another file of the source that is not this backup: move that file first", to))
			continue
		}
		m := Move{From: f.Path, To: to, Database: keep.db.Name, Size: f.Size, ETag: f.ETag, FromType: f.BlobType.String(), ToType: keep.toType, BindingID: keep.db.BindingID}
		if keep.folder != keep.db.Name {
			m.Folder = keep.folder
			m.FolderReason = keep.db.FolderReason
		}
		doc.Moves = append(doc.Moves, m)
	}
	sort.Slice(doc.Moves, func(i, j int) bool { return doc.Moves[i].To < doc.Moves[j].To })
	sort.SliceStable(doc.Skipped, func(i, j int) bool { return doc.Skipped[i].Path < doc.Skipped[j].Path })
	sort.SliceStable(doc.InPlace, func(i, j int) bool { return doc.InPlace[i].Path < doc.InPlace[j].Path })
	return doc
}

type fileKey struct{ container, path string }

// keptFiles maps each file that a finding keeps in place to that finding:
// the most severe, and among equals the one that says what the file is (a
// cut-off file is also of an odd size; that it is cut off is the news).
func keptFiles(fs []layout.Finding) map[fileKey]*layout.Finding {
	out := map[fileKey]*layout.Finding{}
	for i := range fs {
		f := &fs[i]
		if !f.KeepsFile {
			continue
		}
		k := fileKey{f.Container, f.Path}
		prev := out[k]
		if prev == nil || f.Severity > prev.Severity || f.Severity == prev.Severity && reasonRank(f.Rule) < reasonRank(prev.Rule) {
			out[k] = f
		}
	}
	return out
}

// contentRules are the findings about what a file is, shown first.
var contentRules = []string{"truncated-backup", "unreadable-header", "non-backup-file", "empty-backup"}

func reasonRank(rule string) int {
	for i, r := range contentRules {
		if r == rule {
			return i
		}
	}
	return len(contentRules)
}

// classify decides whether f can move and where to, or why not. Whether a
// file is fit to move is lint's verdict (kept); the planner adds only what
// is its own business: one container at a time, an ETag to guard the copy,
// and the blob type the target needs.
func classify(f *layout.File, db *layout.Database, kept *layout.Finding, t layout.Target, dest Dest, prefix string) (candidate, string) {
	switch {
	case f.Container != "":
		return candidate{}, "account-wide source: plan one container at a time (give the container URL as SOURCE)"
	case kept != nil:
		return candidate{}, fmt.Sprintf("%s (%s): %s; fix: %s", kept.Rule, kept.Severity, kept.Message, kept.Remedy)
	case !layout.IsBackup(f):
		return candidate{}, "not a backup file"
	case db == nil:
		return candidate{}, "its database is not known: move it by hand"
	case f.ETag == "":
		return candidate{}, "no ETag in the inventory: scan again"
	}
	toType := f.BlobType.String()
	switch {
	case dest.Local:
		toType = ""
	case t.PageBlobs:
		toType = blobscan.PageBlob
	case toType == "":
		toType = blobscan.BlockBlob
	}
	name := SafeFileName(path.Base(f.Path))
	if f.Header != nil {
		// LRS skips backups not named like backups (backup-extension).
		name = layout.BackupFileName(name, f.Header.BackupType)
	}
	to := db.Folder + "/" + name
	if prefix != "" {
		to = path.Join(prefix, to)
	}
	return candidate{f: f, to: to, folder: db.Folder, toType: toType, db: db}, ""
}

// resolve picks the one candidate for a destination name. Several are fine
// only when their sizes and content hashes match; then the one already in
// place (if any) or the first by path is kept and the rest are duplicates.
func resolve(cands []candidate, hash func(string) []byte, sameContainer bool) (keep candidate, dupes []candidate, conflict bool) {
	if len(cands) == 1 {
		return cands[0], nil, false
	}
	first := cands[0]
	for _, c := range cands[1:] {
		if c.f.Size != first.f.Size {
			return candidate{}, nil, true
		}
	}
	if hash == nil {
		return candidate{}, nil, true
	}
	h0 := hash(first.f.Path)
	for _, c := range cands[1:] {
		if len(h0) == 0 || !bytes.Equal(hash(c.f.Path), h0) {
			return candidate{}, nil, true
		}
	}
	ki := 0
	if sameContainer {
		for i, c := range cands {
			if c.f.Path == c.to {
				ki = i
			}
		}
	}
	for i, c := range cands {
		if i != ki {
			dupes = append(dupes, c)
		}
	}
	return cands[ki], dupes, false
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}
