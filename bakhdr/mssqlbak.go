package bakhdr

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// The MSSQLBAK container of a compressed backup: the whole MTF stream cut
// into records, each XPRESS-compressed (docs/backup-header-format.md §8).
//
// Record header, 28 bytes: kind (0x21 compressed chunk, 0x24 filler, 0x2C
// end of set), uncompressed size in 512-byte units, u16 payload size, 16
// bytes of set identity, u32 zero, u32 checksum.
//
// A filler record is kind 0x24, a zero byte, a u16 length and zeros: the
// next record starts 24+length bytes after it. On all 6 fillers of the 3
// compressed samples that lands on the raw SFMB that follows; in 5 of them
// it is also the next 512-byte boundary, but not after the last data record
// of SharePoint_Config.7c08e35.bak (filler at 0x1CABEB, length 509: the SFMB
// is at 0x1CAE00, 0x1CAC00 holds zeros). With BLOCKSIZE 4096 the filler
// after the TAPE record pads to the 4 KiB block, past the next 512 bytes.

const (
	recordHeaderLen = 28
	fillerHeaderLen = 24
	// firstRecordOff: bytes 0x10-0x1DF of the file header are uninitialised;
	// the first record sat at 0x1E0 in every sample.
	firstRecordOff = 0x1E0

	recChunk  = 0x21
	recFiller = 0x24
	recEnd    = 0x2C

	// maxTailChain bounds how many records the tail scan decompresses while
	// walking back to the trailer (it was in the second-to-last in every sample).
	maxTailChain = 8
	// endOfSetWithin: the ESET block sat in the very last record of every
	// sample; if the last records taken show neither ESET nor MSLS, the file
	// was cut short and walking further back is wasted work.
	endOfSetWithin = 2
	// maxTailAttempts bounds the decode attempts on candidates, so a tail
	// crafted full of fake record headers costs bounded time.
	maxTailAttempts = 64
)

// record is one compressed chunk located in a buffer.
type record struct {
	off     int // header offset in the buffer
	units   int // decompressed size / 512
	payload int // compressed size
}

func (r record) end() int { return r.off + recordHeaderLen + r.payload }

// parseRecord reads a chunk header at b[0:28].
func parseRecord(b []byte, off int) record {
	return record{off: off, units: int(b[1]), payload: int(binary.LittleEndian.Uint16(b[2:]))}
}

// ErrUndecoded: a compressed backup (MSSQLBAK signature) whose records do
// not decode as MS_XPRESS, the only algorithm any sample shows. Such a file
// is encrypted (WITH ENCRYPTION is said to use the same container),
// compressed with another algorithm (QAT_DEFLATE, ZSTD), or damaged; the
// bytes do not tell which, so none is claimed. It wraps ErrCorrupt.
var ErrUndecoded = fmt.Errorf("%w: compressed records that do not decode as MS_XPRESS", ErrCorrupt)

func undecodedf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrUndecoded}, args...)...)
}

// fillerEnd is where the record after the filler h (at offset off) starts:
// a filler pads by its own length field.
func fillerEnd(h []byte, off int) int {
	return off + fillerHeaderLen + int(binary.LittleEndian.Uint16(h[2:]))
}

// compressedSource decompresses head records on demand into one MTF stream.
type compressedSource struct {
	head []byte
	size int64
	dec  *xpressDecoder
	out  []byte
	pos  int // file offset of the next record
}

func (c *compressedSource) bytes() []byte { return c.out }

func (c *compressedSource) ensure(n int) error {
	for len(c.out) < n {
		if len(c.out) > maxHeadBytes {
			return corruptf("compressed header blocks exceed %d bytes", maxHeadBytes)
		}
		if err := c.next(); err != nil {
			return err
		}
	}
	return nil
}

// need reports that head must reach end: the caller must read more, or the
// file itself is cut short.
func (c *compressedSource) need(end int) error {
	if int64(end) > c.size {
		return truncatedf("compressed record runs to byte %d of a %d-byte file", end, c.size)
	}
	if int64(len(c.head)) >= c.size {
		return truncatedf("compressed record at offset %d is cut off by the end of the file", c.pos)
	}
	if end > maxHeadBytes {
		return corruptf("compressed header records reach byte %d, past the %d-byte limit", end, maxHeadBytes)
	}
	want := (int64(end) + 64<<10 - 1) &^ (64<<10 - 1)
	return &NeedMoreError{HeadBytes: min(want, c.size)}
}

// next decodes the record at c.pos, skipping fillers and the uncompressed
// soft filemark that SQL Server writes raw between records.
func (c *compressedSource) next() error {
	for range 64 {
		if c.pos+recordHeaderLen > len(c.head) {
			return c.need(c.pos + recordHeaderLen)
		}
		h := c.head[c.pos : c.pos+recordHeaderLen]
		switch {
		case h[0] == recChunk:
			r := parseRecord(h, c.pos)
			if r.units == 0 || r.payload < xpressTableBytes+4 {
				return undecodedf("compressed record at offset %d has impossible sizes", c.pos)
			}
			if r.end() > len(c.head) {
				return c.need(r.end())
			}
			n := len(c.out)
			c.out = append(c.out, make([]byte, r.units*512)...)
			if err := c.dec.decode(c.out[n:], c.head[r.off+recordHeaderLen:r.end()]); err != nil {
				return undecodedf("compressed record at offset %d: %v", c.pos, err)
			}
			c.pos = r.end()
			return nil
		case h[0] == recFiller:
			c.pos = fillerEnd(h, c.pos)
		case bytes.Equal(h[:4], []byte("SFMB")):
			if c.pos+blockHeaderLen > len(c.head) {
				return c.need(c.pos + blockHeaderLen)
			}
			blk, err := readBlock(sliceSource(c.head), c.pos)
			if err != nil || blk.firstEvent == 0 {
				return corruptf("raw SFMB block at offset %d is damaged", c.pos)
			}
			c.pos += blk.firstEvent
		case h[0] == recEnd:
			return corruptf("compressed backup set ends at offset %d before its header blocks", c.pos)
		default:
			return undecodedf("unknown compressed record kind 0x%02x at offset %d", h[0], c.pos)
		}
	}
	return corruptf("no compressed record near offset %d", c.pos)
}

// isChunkAt reports whether a compressed chunk plausibly starts at b[o]: kind
// byte, zero word at +20, and a complete Huffman code table. False positives
// are caught later by a failed decode.
func isChunkAt(b []byte, o int) (record, bool) {
	if o+recordHeaderLen+xpressTableBytes > len(b) || b[o] != recChunk || b[o+1] == 0 {
		return record{}, false
	}
	if binary.LittleEndian.Uint32(b[o+20:]) != 0 {
		return record{}, false
	}
	r := parseRecord(b[o:], o)
	if r.payload < xpressTableBytes+4 || r.end() > len(b) {
		return record{}, false
	}
	if !kraftComplete(b[o+recordHeaderLen:]) {
		return record{}, false
	}
	return r, true
}

// scanCompressedTail finds the trailer of a compressed backup. Record
// alignment in the tail is unknown, so every byte is a candidate record
// start; candidates are then decompressed from the last one backwards until
// an MSLS block shows up. Records need not be adjacent: SQL Server puts an
// end-of-set index and padding before the final ESET record. Every record
// decompresses to whole 512-byte units, so the concatenated output keeps the
// 512-byte block grid the scan relies on.
func scanCompressedTail(tail []byte, start int64, dec *xpressDecoder) (*trailer, error) {
	var (
		stream  []byte
		last    *trailer
		bound   = len(tail) // the next record taken must end at or before this
		taken   = 0
		tries   = 0
		lastEnd = 0 // end of the last record of the tail
	)
	// The final SFMB is written raw after the last record (and its filler).
	closed := func(t *trailer) *trailer {
		if t != nil && t.lastSet != 0 {
			t.closed = filemarkAfter(tail, lastEnd, gridAlign(start))
		}
		return t
	}
	// Walk backwards: the trailer is within the last few records, so most
	// of the tail is never looked at.
	for o := len(tail); taken < maxTailChain && tries < maxTailAttempts; {
		if o = bytes.LastIndexByte(tail[:o], recChunk); o < 0 {
			break
		}
		r, ok := isChunkAt(tail, o)
		if !ok || r.end() > bound {
			continue // not a record, or overlaps one already taken
		}
		tries++
		out := make([]byte, r.units*512, r.units*512+len(stream))
		if dec.decode(out, tail[r.off+recordHeaderLen:r.end()]) != nil {
			continue
		}
		stream = append(out, stream...)
		if taken == 0 {
			lastEnd = r.end()
		}
		bound = r.off
		taken++
		// Rescanning the whole chain keeps the last ESET, which sits after MSLS.
		t, err := scanTailBlocks(stream, 0)
		if err != nil {
			return nil, err
		}
		if t != nil {
			if t.scin != nil {
				return closed(t), nil
			}
			last = t
		}
		if last == nil && taken >= endOfSetWithin {
			break
		}
	}
	return closed(last), nil
}
