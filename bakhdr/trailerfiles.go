package bakhdr

import (
	"bytes"
	"encoding/binary"
	"slices"
	"strings"
)

// The trailer (MSLS block) repeats the MQCI stream of the front MSCI block.
// On all 123 plain samples the two copies have the same records in the same
// order with the same lengths, file ids, types, filegroups, sizes and names
// (only LSNs, GUIDs and the page count at 0x18 differ), and the blocks end
// MQCI, SPAD (at the next 4-byte boundary, padding to the block's end),
// then SFMB, ESET, ESET, SFMB on the 512-byte grid
// (docs/backup-file-list.md §1). A list too long for the head (a database
// with a few hundred files) has its last records in the tail: the trailer's
// MSLS header lies before the tail, so its records are found from the end of
// the stream backwards, and used only where they provably continue the
// head's records.

// maxSPAD bounds how far before the SFMB the SPAD stream header is looked
// for: SPAD pads to the block size, at most 64 KiB (BLOCKSIZE).
const maxSPAD = 64 << 10

// completeFromTail completes a list the head cut short with the trailer's
// copy of its records in tail (a plain backup; align is the offset in tail
// of the first 512-byte boundary of the file, esetOff that of the set's last
// ESET block, mslsOff that of its MSLS block or -1). It does so only when the trailer's records walk by their
// lengths exactly to the end of the MQCI stream, all decode, and the first of
// them continue the head's records: same file ids, in the same order, with
// equal lengths and fields. Otherwise the list stays incomplete.
func (l *fileList) completeFromTail(tail []byte, align, esetOff, mslsOff int) {
	if l.complete || l.ids == nil {
		return
	}
	recs := trailerFileRecords(tail, align, esetOff, mslsOff)
	if len(recs) == 0 {
		return
	}
	files, ids, ok := decodeFiles(recs, l.groups, nil)
	if !ok || slices.ContainsFunc(files, unnamed) {
		return
	}
	j := slices.Index(l.ids, ids[0])
	if j < 0 {
		l.addDisjoint(files, ids)
		return
	}
	shared := len(l.ids) - j
	if shared > len(ids) {
		return // the head holds records the stream's end does not
	}
	for i := range shared {
		if ids[i] != l.ids[j+i] || len(recs[i]) != l.lens[j+i] || files[i] != l.files[j+i] {
			return
		}
	}
	seen := make(map[uint32]bool, len(l.ids)+len(ids)-shared)
	for _, id := range append(l.ids[:len(l.ids):len(l.ids)], ids[shared:]...) {
		if seen[id] {
			return // a file id twice: not one database's list
		}
		seen[id] = true
	}
	l.files = append(l.files, files[shared:]...)
	l.ids = append(l.ids, ids[shared:]...)
	l.complete = true
}

// unnamed: every file of a database has a logical and a physical name, so a
// record without one is bytes that happen to chain to the trailer's records
// (a stray "SFIN" in data before them), not a file.
func unnamed(f DatabaseFile) bool { return f.LogicalName == "" || f.PhysicalName == "" }

// addDisjoint adds the trailer's records to a list they do not continue:
// the records between the head's last and the trailer's first are unknown,
// so the list stays incomplete, but the trailer's are this backup set's last
// files all the same (their walk reached the set's stream end), so distinct
// files count: a lower bound. A database of 2,000 files, of which the two
// reads hold about 240 each, is then known to have at least 480: over the
// 280-file limit of a General Purpose instance, which the head's 240 alone
// do not show. Distinct means a file id, a logical name and a physical name
// that no other file of the list has (SQL Server allows no two files of a
// database the same id, logical name or path); otherwise nothing is added,
// as the copies would then overlap in a way completeFromTail did not accept.
func (l *fileList) addDisjoint(files []DatabaseFile, ids []uint32) {
	n := len(l.ids) + len(ids)
	seenID, seenName := make(map[uint32]bool, n), make(map[string]bool, 2*n)
	distinct := func(f DatabaseFile, id uint32) bool {
		logical, physical := "l:"+strings.ToLower(f.LogicalName), "p:"+strings.ToLower(f.PhysicalName)
		if seenID[id] || seenName[logical] || seenName[physical] {
			return false
		}
		seenID[id], seenName[logical], seenName[physical] = true, true, true
		return true
	}
	for i, f := range l.files {
		if !distinct(f, l.ids[i]) {
			return
		}
	}
	for i, f := range files {
		if !distinct(f, ids[i]) {
			return
		}
	}
	l.files = append(l.files, files...)
	l.ids = append(l.ids, ids...)
}

// trailerFileRecords returns the SFIN records at the end of the trailer's
// MQCI stream in tail, from the first one the tail holds whole to the last;
// nil when the stream's end or a chain of records reaching it is not found.
func trailerFileRecords(tail []byte, align, esetOff, mslsOff int) [][]byte {
	end := trailerStreamEnd(tail, align, esetOff)
	if end < 0 {
		return nil
	}
	// Every "SFIN" before the end is a candidate record start. A candidate
	// reaches the end when its length lands on the end (within the 4-byte
	// padding before SPAD, which is zeros) or on a candidate that does.
	// Where the trailer's own block starts in the tail, no record of its
	// stream lies before it: the bytes there are data pages and the set's
	// other blocks, which a stray "SFIN" could make look like one.
	from := max(0, mslsOff)
	var starts []int
	for o := from; o < end && len(starts) < maxFileRecords; {
		i := bytes.Index(tail[o:end], []byte("SFIN"))
		if i < 0 {
			break
		}
		starts = append(starts, o+i)
		o += i + 1
	}
	reaches := make([]bool, len(starts))
	first := -1
	for k := len(starts) - 1; k >= 0; k-- {
		c := starts[k]
		n := int(binary.LittleEndian.Uint32(tail[c+4:]))
		next := c + n
		switch {
		case n < sfinMin || next > end:
		case next > end-4 && isZero(tail[next:end]):
			reaches[k] = true
		default:
			i, found := slices.BinarySearch(starts, next)
			reaches[k] = found && reaches[i]
		}
		if reaches[k] {
			first = k
		}
	}
	if first < 0 {
		return nil
	}
	var recs [][]byte
	for c := starts[first]; c < end-3; {
		n := int(binary.LittleEndian.Uint32(tail[c+4:]))
		recs = append(recs, tail[c:c+n])
		c += n
	}
	return recs
}

// trailerStreamEnd finds where the trailer's MQCI stream ends in tail: at
// the SPAD stream header whose padding runs exactly to the SFMB after the
// MSLS block. -1 when there is no such SPAD.
func trailerStreamEnd(tail []byte, align, esetOff int) int {
	// The last SFMB before the set's last ESET: the one after MSLS (every
	// sample ends MSLS, SFMB, ESET, ESET, SFMB).
	sfmbOff := -1
	for o := align; o+blockHeaderLen <= esetOff; o += 512 {
		if blk, ok := parseBlockAt(tail[o:o+blockHeaderLen], o); ok && blk.typ == "SFMB" {
			sfmbOff = o
		}
	}
	// Stream headers sit on 4-byte boundaries of their block, which starts
	// on the 512-byte grid, as the SFMB does.
	for p := sfmbOff - streamHeaderLen - 2; sfmbOff >= 0 && p >= max(0, sfmbOff-maxSPAD); p -= 4 {
		h := tail[p : p+streamHeaderLen]
		if string(h[:4]) == "SPAD" && xor16(h[:20]) == binary.LittleEndian.Uint16(h[20:]) &&
			binary.LittleEndian.Uint64(h[8:]) == uint64(sfmbOff-p-streamHeaderLen) {
			return p
		}
	}
	return -1
}

func isZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
