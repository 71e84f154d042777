package bakhdr

import (
	"encoding/binary"
	"fmt"
)

// Microsoft Tape Format framing: descriptor blocks (DBLKs) with a 52-byte
// common header, each followed by 22-byte stream headers. SQL Server ends
// every block's stream chain with SPAD, whose data runs up to the next block.

const (
	blockHeaderLen  = 52
	streamHeaderLen = 22
	// maxStreamsPerBlock bounds the stream walk of one block; SQL Server
	// writes at most a handful before SPAD.
	maxStreamsPerBlock = 64
	// maxFrontBlocks bounds the blocks walked before MSCI (TAPE, SFMB, SSET, VOLB).
	maxFrontBlocks = 16
	// maxStreamLen rejects stream lengths no backup could have.
	maxStreamLen = 1 << 44
)

// source is a byte stream that may have to grow: the head of a plain file
// (more bytes must be read), the decompressed head of a compressed one (more
// records must be decoded), or a fixed slice of the tail.
type source interface {
	// ensure makes at least n bytes available to bytes(), or says why not.
	ensure(n int) error
	bytes() []byte
}

// plainSource serves the head of an uncompressed backup.
type plainSource struct {
	head []byte
	size int64
}

func (p *plainSource) bytes() []byte { return p.head }

func (p *plainSource) ensure(n int) error {
	if n <= len(p.head) {
		return nil
	}
	if int64(n) > p.size {
		return truncatedf("header block runs to byte %d of a %d-byte file", n, p.size)
	}
	if n > maxHeadBytes {
		return corruptf("header blocks reach byte %d, past the %d-byte limit", n, maxHeadBytes)
	}
	// Round up so a chain of large blocks does not cost one round trip each.
	want := (int64(n) + 64<<10 - 1) &^ (64<<10 - 1)
	return &NeedMoreError{HeadBytes: min(want, p.size)}
}

// sliceSource is a fixed buffer: running past it is an error.
type sliceSource []byte

func (s sliceSource) bytes() []byte { return s }

var errShortSlice = corruptf("block runs past the end of the bytes read")

func (s sliceSource) ensure(n int) error {
	if n > len(s) {
		return errShortSlice
	}
	return nil
}

// block is a parsed common block header.
type block struct {
	off        int    // offset in the source
	typ        string // "TAPE", "SSET", ...
	firstEvent int    // offset from off to the first stream header
	osData     addr   // OS-specific data (SSET: the backup-set GUID)
	strType    byte   // 1 = ANSI, 2 = UTF-16LE
}

// addr is an MTF_TAPE_ADDRESS: a {size, offset} pair locating variable data
// relative to the start of its block (or, inside SCIN, of the record).
type addr struct{ size, off int }

func readAddr(b []byte) addr {
	return addr{size: int(binary.LittleEndian.Uint16(b)), off: int(binary.LittleEndian.Uint16(b[2:]))}
}

// xor16 is the MTF checksum: the XOR of little-endian 16-bit words.
func xor16(b []byte) uint16 {
	var x uint16
	for i := 0; i+1 < len(b); i += 2 {
		x ^= binary.LittleEndian.Uint16(b[i:])
	}
	return x
}

func isBlockType(b []byte) bool {
	for _, c := range b[:4] {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

// parseBlockAt checks and parses the common header at b[0:52].
func parseBlockAt(b []byte, off int) (block, bool) {
	if len(b) < blockHeaderLen || !isBlockType(b) {
		return block{}, false
	}
	if xor16(b[:50]) != binary.LittleEndian.Uint16(b[50:]) {
		return block{}, false
	}
	blk := block{
		off:        off,
		typ:        string(b[:4]),
		firstEvent: int(binary.LittleEndian.Uint16(b[8:])),
		osData:     readAddr(b[44:]),
		strType:    b[48],
	}
	if blk.firstEvent < blockHeaderLen && blk.typ != "SFMB" {
		return block{}, false
	}
	return blk, true
}

// readBlock reads the block header at off from src.
func readBlock(src source, off int) (block, error) {
	if err := src.ensure(off + blockHeaderLen); err != nil {
		return block{}, err
	}
	blk, ok := parseBlockAt(src.bytes()[off:off+blockHeaderLen], off)
	if !ok {
		return block{}, corruptf("no valid MTF block header at offset %d", off)
	}
	return blk, nil
}

// blockBytes returns n bytes of the block starting at its header.
func blockBytes(src source, blk block, n int) ([]byte, error) {
	if err := src.ensure(blk.off + n); err != nil {
		return nil, err
	}
	return src.bytes()[blk.off : blk.off+n], nil
}

// streamRef locates one stream's data in the source.
type streamRef struct {
	id      string
	dataOff int
	dataLen int
}

// walkStreams calls fn for each stream of blk until fn returns true (found)
// or the SPAD stream ends the block. It returns the offset where the next
// block starts (only meaningful when the walk reached SPAD).
func walkStreams(src source, blk block, fn func(streamRef) (bool, error)) (next int, err error) {
	pos := blk.off + blk.firstEvent
	for range maxStreamsPerBlock {
		if err := src.ensure(pos + streamHeaderLen); err != nil {
			return 0, err
		}
		h := src.bytes()[pos : pos+streamHeaderLen]
		if xor16(h[:20]) != binary.LittleEndian.Uint16(h[20:]) {
			return 0, corruptf("%s block at offset %d: stream header at offset %d fails its checksum", blk.typ, blk.off, pos)
		}
		n := binary.LittleEndian.Uint64(h[8:])
		if n > maxStreamLen {
			return 0, corruptf("%s block at offset %d: stream length %d is impossible", blk.typ, blk.off, n)
		}
		ref := streamRef{id: string(h[:4]), dataOff: pos + streamHeaderLen, dataLen: int(n)}
		if fn != nil {
			done, err := fn(ref)
			if err != nil || done {
				return 0, err
			}
		}
		end := ref.dataOff + ref.dataLen
		if ref.id == "SPAD" {
			return end, nil
		}
		pos = (end + 3) &^ 3
	}
	return 0, corruptf("%s block at offset %d: more than %d streams without SPAD", blk.typ, blk.off, maxStreamsPerBlock)
}

// findStream returns the stream called id in blk.
func findStream(src source, blk block, id string) (streamRef, error) {
	var found streamRef
	_, err := walkStreams(src, blk, func(s streamRef) (bool, error) {
		if s.id == id {
			found = s
			return true, nil
		}
		return false, nil
	})
	if err != nil {
		return streamRef{}, err
	}
	if found.id == "" {
		return streamRef{}, corruptf("%s block at offset %d has no %s stream", blk.typ, blk.off, id)
	}
	return found, nil
}

// blockString reads a string located by an MTF_TAPE_ADDRESS of blk.
func blockString(src source, blk block, a addr) (string, error) {
	if a.size == 0 {
		return "", nil
	}
	b, err := blockBytes(src, blk, a.off+a.size)
	if err != nil {
		return "", err
	}
	return decodeString(b[a.off:a.off+a.size], blk.strType), nil
}

// front is what the blocks before the data say about the first backup set.
type front struct {
	mediaSetID     string
	familyCount    int
	familySequence int
	position       int
	backupSetGUID  string
	machineName    string
	scin           *scin
	files          fileList
}

// walkFront walks TAPE → (SFMB) → SSET → VOLB → MSCI, following each block's
// SPAD to the next rather than trusting fixed offsets (they move with BLOCKSIZE).
func walkFront(src source, withFiles bool) (*front, error) {
	f := &front{}
	tape, err := readBlock(src, 0)
	if err != nil {
		return nil, err
	}
	if tape.typ != "TAPE" {
		return nil, corruptf("stream starts with %s, not TAPE", tape.typ)
	}
	if err := f.readTape(src, tape); err != nil {
		return nil, err
	}
	next, err := walkStreams(src, tape, nil)
	if err != nil {
		return nil, err
	}
	var sawSSET bool
	for range maxFrontBlocks {
		blk, err := readBlock(src, next)
		if err != nil {
			return nil, err
		}
		if blk.typ == "SFMB" {
			// A soft filemark has no streams; its size is its first-event offset.
			if blk.firstEvent == 0 {
				return nil, corruptf("SFMB block at offset %d has zero size", blk.off)
			}
			next = blk.off + blk.firstEvent
			continue
		}
		switch blk.typ {
		case "SSET":
			if err := f.readSSET(src, blk); err != nil {
				return nil, err
			}
			sawSSET = true
		case "VOLB":
			b, err := blockBytes(src, blk, 68)
			if err != nil {
				return nil, err
			}
			if f.machineName, err = blockString(src, blk, readAddr(b[64:])); err != nil {
				return nil, err
			}
		case "MSCI":
			if !sawSSET {
				return nil, corruptf("MSCI block at offset %d precedes any SSET block", blk.off)
			}
			s, err := findStream(src, blk, "MQCI")
			if err != nil {
				return nil, err
			}
			if f.scin, err = readSCIN(src, s); err != nil {
				return nil, err
			}
			if withFiles {
				f.files = readFileList(src, s)
			} else {
				f.files.complete = true
			}
			return f, nil
		default:
			return nil, corruptf("unexpected %s block at offset %d before the MSCI block", blk.typ, blk.off)
		}
		if next, err = walkStreams(src, blk, nil); err != nil {
			return nil, err
		}
	}
	return nil, corruptf("no MSCI block within the first %d blocks", maxFrontBlocks)
}

// readTape reads the media family from TAPE's RAID stream.
func (f *front) readTape(src source, tape block) error {
	s, err := findStream(src, tape, "RAID")
	if err != nil {
		return err
	}
	if s.dataLen < 26 {
		return corruptf("RAID stream at offset %d is %d bytes, want at least 26", s.dataOff, s.dataLen)
	}
	if err := src.ensure(s.dataOff + 26); err != nil {
		return err
	}
	raid := src.bytes()[s.dataOff : s.dataOff+26]
	f.mediaSetID = formatGUID(raid[0:16])
	f.familyCount = int(binary.LittleEndian.Uint16(raid[20:]))
	f.familySequence = int(binary.LittleEndian.Uint16(raid[24:]))
	return nil
}

// readSSET reads the set's position and GUID (kept in the OS-specific data).
func (f *front) readSSET(src source, blk block) error {
	b, err := blockBytes(src, blk, 64)
	if err != nil {
		return err
	}
	f.position = int(binary.LittleEndian.Uint16(b[62:]))
	if f.position == 0 {
		return corruptf("SSET block at offset %d has backup-set position 0", blk.off)
	}
	if blk.osData.size < 16 {
		return corruptf("SSET block at offset %d has no backup-set GUID", blk.off)
	}
	g, err := blockBytes(src, blk, blk.osData.off+16)
	if err != nil {
		return err
	}
	f.backupSetGUID = formatGUID(g[blk.osData.off:])
	return nil
}

// trailer is what the end of the file says: the last set's final SCIN (MSLS
// block) and the number of that set (ESET block).
type trailer struct {
	scin    *scin
	lastSet int // 0 when no ESET was seen
	esetOff int // offset of the last ESET block in the scanned buffer
	mslsOff int // offset of the last MSLS block in the scanned buffer, -1 for none
	// closed: a complete SFMB follows the last ESET. Every sample ends with
	// ESET, ESET, SFMB (plain and compressed, the SFMB raw in the latter);
	// without the filemark the file's last bytes are missing.
	closed bool
}

// belongsTo reports whether the trailer describes the same backup set as the
// front blocks. In a file with appended sets the tail holds the last set's
// trailer, whose LSNs must not be mixed into the first set's header.
func (t *trailer) belongsTo(f *front) bool {
	if t.lastSet != 0 && t.lastSet != f.position {
		return false
	}
	return t.scin.start == f.scin.start && t.scin.dbName == f.scin.dbName
}

// scanTailBlocks looks for MSLS and ESET blocks on 512-byte boundaries of
// buf; align is the offset in buf of the first boundary. The last of each wins.
func scanTailBlocks(buf []byte, align int) (*trailer, error) {
	t := trailer{mslsOff: -1}
	for o := align; o+blockHeaderLen <= len(buf); o += 512 {
		if buf[o] != 'M' && buf[o] != 'E' {
			continue
		}
		blk, ok := parseBlockAt(buf[o:o+blockHeaderLen], o)
		if !ok {
			continue
		}
		src := sliceSource(buf)
		switch blk.typ {
		case "MSLS":
			t.mslsOff = o
			s, err := findStream(src, blk, "MQCI")
			if err == errShortSlice {
				continue // cut off by the end of the bytes read
			}
			if err != nil {
				return nil, err
			}
			sc, err := readSCIN(src, s)
			if err == errShortSlice {
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("trailer (MSLS block): %w", err)
			}
			t.scin = sc
		case "ESET":
			if o+80 <= len(buf) {
				t.lastSet = int(binary.LittleEndian.Uint16(buf[o+78:]))
				t.esetOff = o
			}
		}
	}
	if t.scin == nil && t.lastSet == 0 {
		return nil, nil
	}
	return &t, nil
}

// scanPlainTail finds the trailer in the tail of an uncompressed backup.
// Blocks sit on 512-byte boundaries of the file, so alignment is computed
// from the tail's absolute start.
func scanPlainTail(tail []byte, start int64) (*trailer, error) {
	align := gridAlign(start)
	t, err := scanTailBlocks(tail, align)
	if t != nil && t.lastSet != 0 {
		t.closed = filemarkAfter(tail, t.esetOff+1, align)
	}
	return t, err
}

// gridAlign is the offset, in a buffer starting at file offset start, of the
// first 512-byte boundary of the file.
func gridAlign(start int64) int { return int((512 - start%512) % 512) }

// filemarkAfter reports whether a complete SFMB block starts on the 512-byte
// grid (first boundary at align) at or after buf[from].
func filemarkAfter(buf []byte, from, align int) bool {
	o := align
	if from > align {
		o += (from - align + 511) &^ 511
	}
	for ; o+blockHeaderLen <= len(buf); o += 512 {
		if buf[o] != 'S' {
			continue
		}
		if blk, ok := parseBlockAt(buf[o:o+blockHeaderLen], o); ok && blk.typ == "SFMB" {
			return blk.firstEvent > 0 && o+blk.firstEvent <= len(buf)
		}
	}
	return false
}
