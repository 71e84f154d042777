package bakhdr

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// XPRESS LZ77+Huffman (MS-XCA section 2.2), the codec SQL Server uses for
// every record of a compressed (MSSQLBAK) backup. Written from the
// specification; only decompression is needed.

const (
	xpressTableBytes = 256     // 512 symbols x 4-bit code lengths
	xpressMaxBits    = 15      // longest Huffman code
	xpressBlockOut   = 1 << 16 // a new table precedes every 64 KiB of output
)

var errXpress = errors.New("corrupt XPRESS stream")

// xpressDecoder holds the decoding table so that a backup with many records
// allocates it once. Entries are symbol<<4 | code length; 0 marks a bit
// pattern no code uses (length 0 is never a real code).
type xpressDecoder struct {
	table [1 << xpressMaxBits]uint16
}

// build fills the decoding table from a 256-byte length table (low nibble =
// symbol 2i, high nibble = symbol 2i+1). Codes are canonical: ordered by
// length, then by symbol, so each length's codes form one contiguous run of
// the 15-bit table.
func (d *xpressDecoder) build(lens []byte) error {
	var count [xpressMaxBits + 1]int
	for _, b := range lens[:xpressTableBytes] {
		count[b&15]++
		count[b>>4]++
	}
	if count[0] == 2*xpressTableBytes {
		return fmt.Errorf("%w: empty Huffman table", errXpress)
	}
	// next[l] is where the next code of length l starts in the table:
	// all shorter codes come first, each spanning 2^(15-l) entries.
	var next [xpressMaxBits + 1]int
	idx := 0
	for l := 1; l <= xpressMaxBits; l++ {
		next[l] = idx
		idx += count[l] << (xpressMaxBits - l)
	}
	if idx > len(d.table) {
		return fmt.Errorf("%w: oversubscribed Huffman table", errXpress)
	}
	for sym := range 2 * xpressTableBytes {
		l := int(lens[sym/2] >> (4 * (sym & 1)) & 15)
		if l == 0 {
			continue
		}
		e := uint16(sym)<<4 | uint16(l)
		span := d.table[next[l] : next[l]+1<<(xpressMaxBits-l)]
		for j := range span {
			span[j] = e
		}
		next[l] += len(span)
	}
	// An incomplete code leaves patterns no symbol owns; hitting one is an error.
	clear(d.table[idx:])
	return nil
}

// kraftComplete reports whether a 256-byte length table describes a complete
// prefix code. Real tables always are, which makes it a good test for "a
// compressed record starts here" when scanning bytes of unknown alignment.
func kraftComplete(lens []byte) bool {
	if len(lens) < xpressTableBytes {
		return false
	}
	sum := 0
	for _, b := range lens[:xpressTableBytes] {
		if lo := b & 15; lo != 0 {
			sum += 1 << (xpressMaxBits - lo)
		}
		if hi := b >> 4; hi != 0 {
			sum += 1 << (xpressMaxBits - hi)
		}
	}
	return sum == 1<<xpressMaxBits
}

// decode decompresses src into dst, which must have exactly the expected
// decompressed length: the container records it, and stopping there is how
// the stream ends (the end-of-stream symbol is never needed).
func (d *xpressDecoder) decode(dst, src []byte) error {
	in, out := 0, 0
	for out < len(dst) {
		if in+xpressTableBytes+4 > len(src) {
			return fmt.Errorf("%w: input ends at byte %d with %d of %d bytes decoded", errXpress, in, out, len(dst))
		}
		if err := d.build(src[in : in+xpressTableBytes]); err != nil {
			return err
		}
		cur := in + xpressTableBytes
		next := uint32(binary.LittleEndian.Uint16(src[cur:]))<<16 | uint32(binary.LittleEndian.Uint16(src[cur+2:]))
		cur += 4
		extra := 16 // bits in next beyond the 16 the decoder looks at
		// refill tops up the bit buffer; the format lets the encoder end the
		// stream before the decoder's read-ahead, so missing words read as 0.
		refill := func() {
			if extra >= 0 {
				return
			}
			var w uint32
			if cur+2 <= len(src) {
				w = uint32(binary.LittleEndian.Uint16(src[cur:]))
			}
			next |= w << uint(-extra)
			extra += 16
			cur += 2
		}
		blockEnd := out + xpressBlockOut
		for out < blockEnd && out < len(dst) {
			if cur > len(src)+4 {
				return fmt.Errorf("%w: bit stream overruns its input", errXpress)
			}
			e := d.table[next>>(32-xpressMaxBits)]
			if e == 0 {
				return fmt.Errorf("%w: bit pattern without a Huffman code at output byte %d", errXpress, out)
			}
			bits := int(e & 15)
			sym := int(e >> 4)
			next <<= uint(bits)
			extra -= bits
			refill()
			if sym < 256 {
				dst[out] = byte(sym)
				out++
				continue
			}
			sym -= 256
			length := sym & 15
			offBits := sym >> 4
			if length == 15 {
				// Long lengths come from the byte stream, interleaved with the bit words.
				if cur >= len(src) {
					return fmt.Errorf("%w: match length past end of input", errXpress)
				}
				length = int(src[cur])
				cur++
				if length == 255 {
					if cur+2 > len(src) {
						return fmt.Errorf("%w: match length past end of input", errXpress)
					}
					length = int(binary.LittleEndian.Uint16(src[cur:]))
					cur += 2
					if length == 0 {
						if cur+4 > len(src) {
							return fmt.Errorf("%w: match length past end of input", errXpress)
						}
						length = int(binary.LittleEndian.Uint32(src[cur:]))
						cur += 4
					}
					if length < 15 {
						return fmt.Errorf("%w: invalid match length %d", errXpress, length)
					}
					length -= 15
				}
				length += 15
			}
			length += 3
			offset := 1<<offBits | int(next>>(32-uint(offBits)))
			if offBits == 0 {
				offset = 1 // next>>32 is 0 in Go, spelled out for the reader
			}
			next <<= uint(offBits)
			extra -= offBits
			refill()
			if offset > out {
				return fmt.Errorf("%w: match offset %d before start of output %d", errXpress, offset, out)
			}
			if length > len(dst)-out {
				return fmt.Errorf("%w: match of %d bytes overruns the %d-byte output", errXpress, length, len(dst))
			}
			// Byte by byte: the source may overlap the bytes being written.
			for i := 0; i < length; i++ {
				dst[out] = dst[out-offset]
				out++
			}
		}
		in = cur
	}
	return nil
}
