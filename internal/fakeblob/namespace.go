// Package fakeblob is a loopback Azure Blob endpoint for measurements at a
// scale Azurite cannot hold: it serves the real List Blobs XML, Get Blob
// Properties and ranged Get Blob for a synthetic namespace whose names are
// computed from their index, so a million blobs cost no memory, and it
// answers after a configurable service time, as a remote service would.
// Azurite stays the reference for correctness; this is for speed.
package fakeblob

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/baklint/baklint/bakhdr"
)

// Namespace is a synthetic container: Folders database folders (dbNNNN/),
// each with the subfolders Sub (none: files sit in the database folder),
// each holding PerFolder files of Size bytes. Names are
// Prefix + dbNNNN/ [+ SUB/] + dbNNNN_NNNNNN.ext, fixed-width so that index
// order is name order, which the listing relies on.
type Namespace struct {
	Prefix    string
	Folders   int
	Sub       []string // sorted; "LOG" gives .trn log backups, others .bak
	PerFolder int
	Size      int64
}

// Len is the number of blobs.
func (n Namespace) Len() int { return n.Folders * n.subs() * n.PerFolder }

// Leaves is the number of folders that hold files.
func (n Namespace) Leaves() int { return n.Folders * n.subs() }

func (n Namespace) subs() int { return max(1, len(n.Sub)) }

func (n Namespace) widths() (folder, file int) {
	return max(4, len(fmt.Sprint(n.Folders-1))), max(6, len(fmt.Sprint(n.PerFolder-1)))
}

// Validate rejects a namespace whose names would not sort in index order.
func (n Namespace) Validate() error {
	if n.Folders < 1 || n.PerFolder < 1 {
		return fmt.Errorf("fakeblob: namespace needs at least one folder and one file per folder, got %d and %d", n.Folders, n.PerFolder)
	}
	if !sort.StringsAreSorted(n.Sub) {
		return fmt.Errorf("fakeblob: subfolders %q are not sorted", n.Sub)
	}
	for _, s := range n.Sub {
		if s == "" || strings.Contains(s, "/") {
			return fmt.Errorf("fakeblob: subfolder %q must be one non-empty path segment", s)
		}
	}
	return nil
}

// Blob is one blob's coordinates in the namespace.
type Blob struct {
	Index, Folder, File int
	Sub                 string
}

// At returns the coordinates of blob i.
func (n Namespace) At(i int) Blob {
	per := n.PerFolder
	b := Blob{Index: i, Folder: i / (n.subs() * per), File: i % per}
	if len(n.Sub) > 0 {
		b.Sub = n.Sub[(i/per)%len(n.Sub)]
	}
	return b
}

// Database is the database a folder's backups belong to (and their headers name).
func (n Namespace) Database(folder int) string {
	fw, _ := n.widths()
	return fmt.Sprintf("db%0*d", fw, folder)
}

// Name is the full blob name of blob i.
func (n Namespace) Name(i int) string {
	b := n.At(i)
	fw, iw := n.widths()
	// Without fmt: the listing computes names by the million.
	sb := make([]byte, 0, len(n.Prefix)+2*fw+iw+len(b.Sub)+12)
	sb = append(sb, n.Prefix...)
	sb = appendPadded(append(sb, "db"...), b.Folder, fw)
	sb = append(sb, '/')
	if b.Sub != "" {
		sb = append(append(sb, b.Sub...), '/')
	}
	sb = appendPadded(append(sb, "db"...), b.Folder, fw)
	sb = appendPadded(append(sb, '_'), b.File, iw)
	return string(append(sb, ext(b.Sub)...))
}

func appendPadded(b []byte, v, width int) []byte {
	s := strconv.Itoa(v)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// BackupType is what the header of a blob in subfolder sub says.
func BackupType(sub string) string {
	switch strings.ToUpper(sub) {
	case "LOG":
		return bakhdr.TypeLog
	case "DIFF":
		return bakhdr.TypeDifferential
	}
	return bakhdr.TypeFull
}

func ext(sub string) string {
	if BackupType(sub) == bakhdr.TypeLog {
		return ".trn"
	}
	return ".bak"
}

// lowerBound is the index of the first blob whose name is >= s.
func (n Namespace) lowerBound(s string) int {
	return sort.Search(n.Len(), func(i int) bool { return n.Name(i) >= s })
}

// upperBound is the index past the last blob whose name starts with prefix.
func (n Namespace) upperBound(prefix string) int {
	if prefix == "" {
		return n.Len()
	}
	// The smallest string greater than every string with this prefix.
	b := []byte(prefix)
	for len(b) > 0 && b[len(b)-1] == 0xff {
		b = b[:len(b)-1]
	}
	if len(b) == 0 {
		return n.Len()
	}
	b[len(b)-1]++
	return n.lowerBound(string(b))
}

// Lookup returns the index of the blob called name.
func (n Namespace) Lookup(name string) (int, bool) {
	i := n.lowerBound(name)
	return i, i < n.Len() && n.Name(i) == name
}

// entry is one listing result: a blob (Index >= 0) or a BlobPrefix.
type entry struct {
	Index  int
	Prefix string
}

// list returns up to max entries under prefix from index start on and
// before index stop (-1: no stop), folding names that continue past delim
// into BlobPrefix entries, and the index to resume from (-1 when done).
func (n Namespace) list(prefix, delim string, start, stop, max int) ([]entry, int) {
	i := n.lowerBound(prefix)
	if start > i {
		i = start
	}
	end := n.upperBound(prefix)
	if stop >= 0 && stop < end {
		end = stop
	}
	var out []entry
	for i < end && len(out) < max {
		name := n.Name(i)
		if delim != "" {
			if j := strings.Index(name[len(prefix):], delim); j >= 0 {
				p := name[:len(prefix)+j+len(delim)]
				out = append(out, entry{Index: -1, Prefix: p})
				i = n.upperBound(p)
				continue
			}
		}
		out = append(out, entry{Index: i})
		i++
	}
	if i >= end {
		return out, -1
	}
	return out, i
}
