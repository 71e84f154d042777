package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/layout"
)

// InventoryJSON writes the inventory of SPEC §6b as it encodes it: a
// million files would otherwise be some 270 MB of JSON held in memory
// (twice, in encoding/json's buffer and the caller's) before the first
// byte is written. The output is byte for byte what encoding/json writes
// with a two-space indent for the same envelope and layout.File's tags: an
// unread header and a missing error are left out, no array is null.
func InventoryJSON(w io.Writer, inv *layout.Inventory) error {
	return InventoryJSONFrom(w, inv.Source, func(yield func(layout.File) bool) {
		for _, i := range fileOrder(inv.Files) {
			if !yield(inv.Files[i]) {
				return
			}
		}
	})
}

// InventoryJSONFrom writes the inventory of the files yielded, which come
// sorted by container, then path (as layout.AttributedFiles yields a
// scan's), without holding them.
func InventoryJSONFrom(w io.Writer, source string, files iter.Seq[layout.File]) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	e := &jsonStream{w: bw}
	e.raw("{\n  \"schema_version\": ")
	e.int(SchemaVersion)
	e.raw(",\n  \"source\": ")
	e.str(cleanSource(source))
	e.raw(",\n  \"files\": [")
	n := 0
	for f := range files {
		if n > 0 {
			e.raw(",")
		}
		e.file(&f)
		n++
	}
	if n > 0 {
		e.raw("\n  ")
	}
	e.raw("]\n}\n")
	if e.err == nil {
		e.err = bw.Flush()
	}
	if e.err != nil {
		return fmt.Errorf("writing JSON inventory: %w", e.err)
	}
	return nil
}

// fileOrder is the order files are written in: by container, then path.
// A scan's inventory already is (blobscan.Scan sorts it), so the common
// case costs one pass and no copy; otherwise an index is sorted, not the
// files.
func fileOrder(files []layout.File) func(yield func(int, int) bool) {
	less := func(a, b *layout.File) int {
		if c := strings.Compare(a.Container, b.Container); c != 0 {
			return c
		}
		return strings.Compare(a.Path, b.Path)
	}
	sorted := true
	for i := 1; i < len(files) && sorted; i++ {
		sorted = less(&files[i-1], &files[i]) <= 0
	}
	var idx []int32
	if !sorted {
		idx = make([]int32, len(files))
		for i := range idx {
			idx[i] = int32(i)
		}
		slices.SortStableFunc(idx, func(a, b int32) int { return less(&files[a], &files[b]) })
	}
	return func(yield func(int, int) bool) {
		for n := range files {
			i := n
			if idx != nil {
				i = int(idx[n])
			}
			if !yield(n, i) {
				return
			}
		}
	}
}

// jsonStream writes JSON tokens and keeps the first error.
type jsonStream struct {
	w   *bufio.Writer
	err error
	num [24]byte
}

func (e *jsonStream) raw(s string) {
	if e.err == nil {
		_, e.err = e.w.WriteString(s)
	}
}

func (e *jsonStream) int(v int64) {
	if e.err == nil {
		_, e.err = e.w.Write(strconv.AppendInt(e.num[:0], v, 10))
	}
}

// str writes s as encoding/json does: plain ASCII as is, anything it would
// escape (quotes, control bytes, <, >, &, U+2028, invalid UTF-8) through
// encoding/json itself, which is rare in blob names.
func (e *jsonStream) str(s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			b, err := json.Marshal(s)
			if err != nil {
				e.err = err
				return
			}
			if e.err == nil {
				_, e.err = e.w.Write(b)
			}
			return
		}
	}
	e.raw(`"`)
	e.raw(s)
	e.raw(`"`)
}

func (e *jsonStream) field(name string) {
	e.raw(",\n      \"")
	e.raw(name)
	e.raw("\": ")
}

// strField writes a field whose value is the string v.
func (e *jsonStream) strField(name, v string) {
	e.field(name)
	e.str(v)
}

// file writes one layout.File in the order and with the omissions of its
// JSON tags.
func (e *jsonStream) file(f *layout.File) {
	e.raw("\n    {")
	if f.Container != "" {
		e.raw("\n      \"container\": ")
		e.str(f.Container)
		e.raw(",")
	}
	e.raw("\n      \"path\": ")
	e.str(f.Path)
	e.field("size")
	e.int(f.Size)
	e.strField("blob_type", f.BlobType.String())
	e.strField("tier", f.Tier.String())
	if f.ETag != "" {
		e.strField("etag", f.ETag)
	}
	e.strField("database", f.Database)
	e.strField("attributed_by", f.AttributedBy.String())
	if f.BackupType != 0 {
		e.strField("backup_type", f.BackupType.String())
	}
	if f.Header != nil {
		// Headers are read for backups only, and nested; encoding/json
		// writes them.
		b, err := json.MarshalIndent(f.Header, "      ", "  ")
		if err != nil && e.err == nil {
			e.err = err
		}
		e.field("header")
		if e.err == nil {
			_, e.err = e.w.Write(b)
		}
	}
	if msg := blobscan.Redact(f.Error); msg != "" {
		e.strField("error", msg)
	}
	e.raw("\n    }")
}
