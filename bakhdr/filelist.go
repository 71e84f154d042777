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
	// When the head ends inside the list and every record read was sound,
	// the list stays in stored order with its file ids and filegroups, so
	// the trailer's copy in the tail may complete it (trailerfiles.go).
	ids    []uint32
	lens   []int // the records' lengths
	groups []filegroup
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
	pastHead := false
	if src.ensure(end) != nil {
		// Past the head (or the file): decode what is there, say it is not all.
		end, pastHead = min(end, len(src.bytes())), true
	}
	var (
		groupBuf [4]filegroup
		groups   = groupBuf[:0]
		recBuf   [8][]byte
		recs     = recBuf[:0]
		good     = true
	)
	walk := walkRecords(src.bytes()[:end], s.dataOff, func(r []byte) bool {
		switch string(r[:4]) {
		case "SFGI":
			if len(r) < sfgiMin {
				return false
			}
			name, ok := "PRIMARY", true // every sample's only filegroup: no allocation
			if a := readAddr(r[sfgiName:]); a.off+a.size > len(r) || !bytes.Equal(r[a.off:a.off+a.size], primaryUTF16) {
				name, ok = recordString(r, sfgiName)
			}
			groups = append(groups, filegroup{id: binary.LittleEndian.Uint32(r[sfgiID:]), name: name})
			good = good && ok
		case "SFIN":
			if len(r) < sfinMin {
				return false
			}
			recs = append(recs, r)
		}
		return true
	})
	var idBuf [16]uint32
	files, ids, ok := decodeFiles(recs, groups, idBuf[:0])
	l := fileList{files: files, complete: good && ok && walk == walkDone && !pastHead}
	if pastHead && good && ok && walk != walkBroken {
		l.ids, l.groups = slices.Clone(ids), slices.Clone(groups)
		for _, r := range recs {
			l.lens = append(l.lens, len(r))
		}
		return l
	}
	sortByID(l.files, ids)
	return l
}

// sorted puts the list in file id order, once.
func (l *fileList) sorted() []DatabaseFile {
	if l.ids != nil {
		sortByID(l.files, l.ids)
		l.ids = nil
	}
	return l.files
}

// decodeFiles decodes SFIN records in their stored order, appending their
// file ids to ids; false when a name lies outside its record or a type or
// filegroup is unknown. All names share one string: one allocation.
func decodeFiles(recs [][]byte, groups []filegroup, ids []uint32) ([]DatabaseFile, []uint32, bool) {
	if len(recs) == 0 {
		return nil, ids, true
	}
	le := binary.LittleEndian
	files := make([]DatabaseFile, len(recs))
	var (
		nameBuf [512]byte
		names   = nameBuf[:0]
		endBuf  [32]int
		ends    = endBuf[:0] // where each name ends in names
		ok      = true
	)
	for i, r := range recs {
		for _, at := range [2]int{sfinLogical, sfinPhysical} {
			a := readAddr(r[at:])
			if a.off+a.size > len(r) {
				ok, a = ok && a.size == 0, addr{}
			}
			names = appendUTF16(names, r[a.off:a.off+a.size])
			ends = append(ends, len(names))
		}
		f := &files[i]
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
		ok = ok && f.Type != ""
		ids = append(ids, le.Uint32(r[sfinFileID:]))
	}
	all, from := string(names), 0
	for i := range files {
		files[i].LogicalName, files[i].PhysicalName = all[from:ends[2*i]], all[ends[2*i]:ends[2*i+1]]
		from = ends[2*i+1]
	}
	return files, ids, ok
}

// Results of walkRecords.
const (
	walkDone   = iota // the records end exactly at the end of the bytes
	walkShort         // the next record runs past the end of the bytes
	walkBroken        // a length is impossible, or fn refused a record
)

// walkRecords calls fn with each {tag, u32 length} record of b from off to
// the end, and says how the walk ended.
func walkRecords(b []byte, off int, fn func(r []byte) bool) int {
	for range maxFileRecords {
		if off == len(b) {
			return walkDone
		}
		if off+8 > len(b) {
			return walkShort
		}
		n := int(binary.LittleEndian.Uint32(b[off+4:]))
		if n < 8 {
			return walkBroken
		}
		if n > len(b)-off {
			return walkShort
		}
		if !fn(b[off : off+n]) {
			return walkBroken
		}
		off += n
	}
	return walkBroken
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
