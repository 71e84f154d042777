package bakhdr

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math/bits"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testEncoder is a deliberately simple XPRESS LZ77+Huffman encoder for
// tests: every one of the 512 symbols gets a 9-bit code (a complete code, so
// the canonical code of symbol s is s itself), and matches are found
// greedily. It places bit words and length bytes in the order MS-XCA's
// decoder reads them, which is what the decoder under test must honour.
type testEncoder struct {
	out      []byte
	slots    []int // output offsets of the 16-bit words of the current block
	bitBuf   []byte
	nbits    int
	blockOut int // output bytes covered by the current block
}

func (e *testEncoder) startBlock() {
	e.flushBlock()
	e.out = append(e.out, bytes.Repeat([]byte{0x99}, xpressTableBytes)...)
	e.bitBuf, e.nbits, e.blockOut = nil, 0, 0
	e.slots = nil
	e.reserveWords()
}

// reserveWords appends word slots until the decoder's read-ahead is covered:
// after consuming n bits it has read 1 + ceil(n/16) words (at least 2).
func (e *testEncoder) reserveWords() {
	for len(e.slots) < max(2, 1+(e.nbits+15)/16) {
		e.slots = append(e.slots, len(e.out))
		e.out = append(e.out, 0, 0)
	}
}

func (e *testEncoder) putBits(v uint32, n int) {
	for i := n - 1; i >= 0; i-- {
		if e.nbits%8 == 0 {
			e.bitBuf = append(e.bitBuf, 0)
		}
		if v>>uint(i)&1 != 0 {
			e.bitBuf[e.nbits/8] |= 0x80 >> uint(e.nbits%8)
		}
		e.nbits++
	}
	e.reserveWords()
}

// flushBlock writes the bit stream into the reserved word slots.
func (e *testEncoder) flushBlock() {
	for k, at := range e.slots {
		var w uint16
		if 2*k < len(e.bitBuf) {
			w = uint16(e.bitBuf[2*k]) << 8
		}
		if 2*k+1 < len(e.bitBuf) {
			w |= uint16(e.bitBuf[2*k+1])
		}
		binary.LittleEndian.PutUint16(e.out[at:], w)
	}
	e.slots = nil
}

func (e *testEncoder) literal(c byte) {
	if e.out == nil || e.blockOut >= xpressBlockOut {
		e.startBlock()
	}
	e.putBits(uint32(c), 9)
	e.blockOut++
}

func (e *testEncoder) match(length, offset int) {
	if e.out == nil || e.blockOut >= xpressBlockOut {
		e.startBlock()
	}
	offBits := bits.Len(uint(offset)) - 1
	l := length - 3
	nib := min(l, 15)
	e.putBits(uint32(256+offBits<<4+nib), 9)
	if nib == 15 {
		switch x := l - 15; {
		case x < 255:
			e.out = append(e.out, byte(x))
		case x+15 <= 0xFFFF:
			e.out = append(e.out, 255)
			e.out = binary.LittleEndian.AppendUint16(e.out, uint16(x+15))
		default:
			e.out = append(e.out, 255, 0, 0)
			e.out = binary.LittleEndian.AppendUint32(e.out, uint32(x+15))
		}
	}
	e.putBits(uint32(offset-1<<offBits), offBits)
	e.blockOut += length
}

// xpressEncode compresses data with greedy matching on 3-byte prefixes.
func xpressEncode(data []byte) []byte {
	var e testEncoder
	last := map[[3]byte]int{}
	for i := 0; i < len(data); {
		if i+3 <= len(data) {
			key := [3]byte(data[i : i+3])
			if j, ok := last[key]; ok && i-j < 1<<16 {
				n := 0
				for i+n < len(data) && data[j+n] == data[i+n] {
					n++
				}
				last[key] = i
				e.match(n, i-j)
				i += n
				continue
			}
			last[key] = i
		}
		e.literal(data[i])
		i++
	}
	if e.out == nil {
		e.startBlock()
	}
	e.flushBlock()
	return e.out
}

func TestXpressDecodesWhatTheSpecEncoderWrites(t *testing.T) {
	long := bytes.Repeat([]byte("abc"), 40000) // overlapping matches, u16 and u32 lengths
	mixed := make([]byte, 200000)
	for i := range mixed {
		mixed[i] = byte(i*7 + i/1000) // crosses three 64 KiB table boundaries
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"single literal", []byte{'x'}},
		{"literals only", []byte("the quick brown fox")},
		{"short match", []byte("abcabc")},
		{"match with one extra length byte", bytes.Repeat([]byte("z"), 100)},
		{"match with a 16-bit length", bytes.Repeat([]byte("z"), 5000)},
		{"match with a 32-bit length", long},
		{"several 64 KiB blocks", mixed},
		{"run crossing a block boundary", append(bytes.Repeat([]byte{1}, 65530), bytes.Repeat([]byte{2}, 100)...)},
	}
	var d xpressDecoder
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			enc := xpressEncode(tc.data)
			got := make([]byte, len(tc.data))
			if err := d.decode(got, enc); err != nil {
				t.Fatalf("decode: %v", err)
			}
			if !bytes.Equal(got, tc.data) {
				t.Fatalf("round trip differs from the input")
			}
		})
	}
}

func TestXpressRejectsDamagedStreams(t *testing.T) {
	good := xpressEncode([]byte("hello hello hello hello"))
	oversub := bytes.Clone(good)
	oversub[0] = 0x11 // two 1-bit codes plus 510 9-bit codes: too many
	// A stream whose first symbol is a match: it points before the output.
	var e testEncoder
	e.match(3, 1)
	e.flushBlock()
	backRef := e.out
	tests := []struct {
		name string
		src  []byte
		n    int
	}{
		{"empty input", nil, 10},
		{"table only", good[:xpressTableBytes], 10},
		{"all-zero table", make([]byte, 300), 10},
		{"oversubscribed table", oversub, 23},
		{"output longer than the stream", good[:xpressTableBytes+4], 1000},
		{"match before start of output", backRef, 3},
		{"match longer than the output", good, 10},
	}
	var d xpressDecoder
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := d.decode(make([]byte, tc.n), tc.src)
			if !errors.Is(err, errXpress) {
				t.Fatalf("got %v, want an XPRESS error", err)
			}
		})
	}
}

func TestKraftCheckAcceptsOnlyCompleteCodes(t *testing.T) {
	complete := bytes.Repeat([]byte{0x99}, 256)
	incomplete := bytes.Clone(complete)
	incomplete[0] = 0x00
	over := bytes.Clone(complete)
	over[0] = 0x11
	for _, tc := range []struct {
		name string
		t    []byte
		want bool
	}{
		{"all 9-bit", complete, true},
		{"two symbols missing", incomplete, false},
		{"oversubscribed", over, false},
		{"too short", complete[:100], false},
	} {
		if got := kraftComplete(tc.t); got != tc.want {
			t.Errorf("%s: kraftComplete = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// compressedSamples are the MSSQLBAK files among the shared samples.
var compressedSamples = []string{
	"TasnimBrashdi-OOP-with-EFCore-and-database-project-/Library.bak",
	"appveyor-lab/history/SharePoint_Config.7c08e35.bak",
	"appveyor-lab/history/SharePoint_Config.23d8f3c.bak",
}

// forEachRecord walks every record of a compressed file from the first,
// the way SQL Server wrote them, and calls fn with each chunk record.
func forEachRecord(tb testing.TB, data []byte, fn func(r record)) {
	tb.Helper()
	pos := firstRecordOff
	for pos+recordHeaderLen <= len(data) {
		switch {
		case data[pos] == recChunk:
			r := parseRecord(data[pos:], pos)
			fn(r)
			pos = r.end()
		case data[pos] == recFiller:
			pos = fillerEnd(data[pos:], pos)
		case data[pos] == recEnd:
			// The end-of-set index is followed by padding to a 512 boundary.
			pos = (pos + 512) &^ 511
		case string(data[pos:pos+4]) == "SFMB":
			pos += int(binary.LittleEndian.Uint16(data[pos+8:]))
		default:
			// Padding after the end-of-set index: resume at the next boundary.
			pos = (pos + 512) &^ 511
		}
	}
}

func TestXpressDecodesEveryRecordOfTheCompressedSamples(t *testing.T) {
	requireSamples(t)
	var d xpressDecoder
	for _, name := range compressedSamples {
		data, err := os.ReadFile(filepath.Join(backupsDir, name))
		if err != nil {
			t.Fatal(err)
		}
		records, total := 0, 0
		var blocks []string
		forEachRecord(t, data, func(r record) {
			out := make([]byte, r.units*512)
			if err := d.decode(out, data[r.off+recordHeaderLen:r.end()]); err != nil {
				t.Errorf("%s: record at %#x: %v", name, r.off, err)
				return
			}
			records++
			total += len(out)
			for o := 0; o+blockHeaderLen <= len(out); o += 512 {
				if blk, ok := parseBlockAt(out[o:o+blockHeaderLen], o); ok {
					blocks = append(blocks, blk.typ)
				}
			}
		})
		seq := strings.Join(blocks, " ")
		// Every set must yield its whole block sequence; a wrong decoder
		// produces no valid (checksummed) block headers at all.
		for _, want := range []string{"TAPE", "SSET", "VOLB", "MSCI", "MSDA", "MSLS", "ESET"} {
			if !strings.Contains(seq, want) {
				t.Errorf("%s: decoded records contain no %s block", name, want)
			}
		}
		t.Logf("%s: %d records, %d bytes decompressed, %d blocks", name, records, total, len(blocks))
	}
}
