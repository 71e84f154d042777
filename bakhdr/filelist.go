package bakhdr

import (
	"bytes"
	"encoding/binary"
	"slices"
	"sort"
)

// The file list (what RESTORE FILELISTONLY returns) follows SCIN in the same
// MQCI stream: TLV records {tag[4], u32 length including the 8-byte header},
// one SFGI per filegroup and one SFIN per database file. Offsets are
// relative to the record start; docs/backup-file-list.md says how each was
// established on the 126 samples.

const (
	sfgiID   = 0x0C // u32 filegroup id
	sfgiName = 0x10 // {u16 size, u16 offset} UTF-16LE name
	sfgiMin  = sfgiName + 4

	sfinFileID    = 0x14 // u32 file id: 1 = primary data file, 2 = first log
	sfinType      = 0x1C // u32: 1 data (rows), 2 log; other codes not located
	sfinFilegroup = 0x24 // u32 filegroup id, 0 for log files
	sfinSize      = 0x28 // u64 file size in bytes
	sfinLogical   = 0x30 // {u16 size, u16 offset} UTF-16LE logical name
	sfinPhysical  = 0x34 // {u16 size, u16 offset} UTF-16LE physical name
	sfinMin       = sfinPhysical + 4

	// maxFileRecords bounds the records walked: SQL Server allows 32,767
	// files per database, and far fewer fit in the bytes read.
	maxFileRecords = 1 << 15
)

// fileTypes maps the SFIN type code to DatabaseFile.Type.
var fileTypes = [...]string{1: FileData, 2: FileLog}

// primaryUTF16 is "PRIMARY" in UTF-16LE.
var primaryUTF16 = []byte("P\x00R\x00I\x00M\x00A\x00R\x00Y\x00")

// unknownFiles is the Unknown entry for an incomplete or unreadable list.
const unknownFiles = "files"

// fileList is the decoded file list; complete is false when the records
// ran past the bytes read or were damaged, or a file's type is unknown.
type fileList struct {
	files    []DatabaseFile
	complete bool
}

type filegroup struct {
	id   uint32
	name string
}

// readFileList reads the SFGI and SFIN records after the SCIN record of the
// MQCI stream s. It reads no more than the head holds: a list cut off by
// the end of the bytes read is returned incomplete, never as an error, as
// the header itself is complete.
func readFileList(src source, s streamRef) fileList {
	end := s.dataOff + s.dataLen
	ok := true
	if src.ensure(end) != nil {
		// Past the head (or the file): decode what is there, say it is not all.
		end, ok = min(end, len(src.bytes())), false
	}
	b := src.bytes()[:end]
	le := binary.LittleEndian

	// First pass: framing, filegroups, and how many files there are, so the
	// list is allocated once.
	var (
		groupBuf [4]filegroup
		groups   = groupBuf[:0]
		count    int
	)
	ok = walkRecords(b, s.dataOff, func(r []byte) bool {
		switch string(r[:4]) {
		case "SFGI":
			if len(r) < sfgiMin {
				return false
			}
			name, good := "PRIMARY", true // every sample's only filegroup: no allocation
			if a := readAddr(r[sfgiName:]); a.off+a.size > len(r) || !bytes.Equal(r[a.off:a.off+a.size], primaryUTF16) {
				name, good = recordString(r, sfgiName)
			}
			groups = append(groups, filegroup{id: le.Uint32(r[sfgiID:]), name: name})
			return good
		case "SFIN":
			count++
			return len(r) >= sfinMin
		}
		return true
	}) && ok
	if count == 0 {
		return fileList{complete: ok}
	}

	var idBuf [16]uint32
	files, ids := make([]DatabaseFile, 0, count), idBuf[:0]
	walkRecords(b, s.dataOff, func(r []byte) bool {
		if string(r[:4]) != "SFIN" || len(r) < sfinMin {
			return true
		}
		var f DatabaseFile
		var good1, good2 bool
		f.LogicalName, good1 = recordString(r, sfinLogical)
		f.PhysicalName, good2 = recordString(r, sfinPhysical)
		if t := le.Uint32(r[sfinType:]); t < uint32(len(fileTypes)) {
			f.Type = fileTypes[t]
		}
		f.Size = int64(min(le.Uint64(r[sfinSize:]), 1<<62))
		if g := le.Uint32(r[sfinFilegroup:]); g != 0 {
			for _, fg := range groups {
				if fg.id == g {
					f.Filegroup = fg.name
				}
			}
			ok = ok && f.Filegroup != ""
		}
		ok = ok && good1 && good2 && f.Type != ""
		files = append(files, f)
		ids = append(ids, le.Uint32(r[sfinFileID:]))
		return true
	})
	sortByID(files, ids)
	return fileList{files: files, complete: ok}
}

// walkRecords calls fn with each {tag, u32 length} record of b from off to
// the end; false when the framing breaks or fn returns false.
func walkRecords(b []byte, off int, fn func(r []byte) bool) bool {
	for range maxFileRecords {
		if off == len(b) {
			return true
		}
		if off+8 > len(b) {
			return false
		}
		n := int(binary.LittleEndian.Uint32(b[off+4:]))
		if n < 8 || n > len(b)-off {
			return false
		}
		if !fn(b[off : off+n]) {
			return false
		}
		off += n
	}
	return false
}

// sortByID sorts files by their ids, stably: SQL Server stores a secondary
// data file (id 3) before the log (id 2). Lists are short and nearly
// sorted, so insertion sort; a long one goes to sort.Stable.
func sortByID(files []DatabaseFile, ids []uint32) {
	if len(files) > 64 {
		sort.Stable(byFileID{files, slices.Clone(ids)})
		return
	}
	for i := 1; i < len(files); i++ {
		for j := i; j > 0 && ids[j] < ids[j-1]; j-- {
			files[j], files[j-1] = files[j-1], files[j]
			ids[j], ids[j-1] = ids[j-1], ids[j]
		}
	}
}

type byFileID struct {
	files []DatabaseFile
	ids   []uint32
}

func (f byFileID) Len() int           { return len(f.files) }
func (f byFileID) Less(i, j int) bool { return f.ids[i] < f.ids[j] }
func (f byFileID) Swap(i, j int) {
	f.files[i], f.files[j] = f.files[j], f.files[i]
	f.ids[i], f.ids[j] = f.ids[j], f.ids[i]
}

// recordString reads the UTF-16LE string an {u16 size, u16 offset} pair at
// r[at:] locates inside the record; false when it lies outside.
func recordString(r []byte, at int) (string, bool) {
	a := readAddr(r[at:])
	if a.size == 0 {
		return "", true
	}
	if a.off+a.size > len(r) {
		return "", false
	}
	return decodeString(r[a.off:a.off+a.size], 2), true
}
