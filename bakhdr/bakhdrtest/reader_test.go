package bakhdrtest

import (
	"bytes"
	"fmt"

	"github.com/baklint/baklint/bakhdr"
)

// readBack is an independent, deliberately plain reader written from the
// format notes, not from the writer: it walks the DBLK chain through SPAD
// streams, checks every header and stream checksum, and reads the fields
// the way a range-reading decoder would (front blocks, then the MSLS found
// by scanning the tail on 512-byte boundaries).
func readBack(data []byte) (bakhdr.Header, error) {
	var h bakhdr.Header
	if len(data) < 1024 || string(data[:4]) != "TAPE" {
		return h, fmt.Errorf("no TAPE block at offset 0")
	}
	off := 0
	seen := map[string]int{}
	var frontSCIN []byte
	for off < len(data) && frontSCIN == nil {
		blk := data[off:]
		if len(blk) < commonHeaderLen {
			return h, fmt.Errorf("truncated block at %#x", off)
		}
		typ := string(blk[:4])
		if got, want := le.Uint16(blk[50:]), xor16(blk[:50]); got != want {
			return h, fmt.Errorf("%s at %#x: header checksum %#x, want %#x", typ, off, got, want)
		}
		seen[typ] = off
		if typ == "SFMB" {
			off += int(le.Uint16(blk[8:]))
			continue
		}
		streams, end, err := walkStreams(blk)
		if err != nil {
			return h, fmt.Errorf("%s at %#x: %w", typ, off, err)
		}
		switch typ {
		case "TAPE":
			raid := streams["RAID"]
			if len(raid) != 32 {
				return h, fmt.Errorf("TAPE: RAID stream of %d bytes", len(raid))
			}
			var g guid
			copy(g[:], raid)
			h.MediaSetID = g.String()
			h.FamilyCount = int(le.Uint16(raid[20:]))
			h.FamilySequence = int(le.Uint16(raid[24:]))
		case "SSET":
			h.Position = int(le.Uint16(blk[62:]))
			size, at := le.Uint16(blk[44:]), le.Uint16(blk[46:])
			if size != 21 {
				return h, fmt.Errorf("SSET: OS data of %d bytes", size)
			}
			var g guid
			copy(g[:], blk[at:])
			h.BackupSetGUID = g.String()
		case "VOLB":
			h.MachineName = tapeString(blk, 64)
		case "MSCI":
			frontSCIN = streams["MQCI"]
		}
		off += end
	}
	if frontSCIN == nil {
		return h, fmt.Errorf("no MSCI block (blocks seen: %v)", seen)
	}
	// The trailer: last MSLS on an absolute 512-byte boundary.
	var trailer []byte
	for at := (len(data) - 4) &^ 511; at >= 0; at -= 512 {
		if string(data[at:at+4]) == "MSLS" {
			streams, _, err := walkStreams(data[at:])
			if err != nil {
				return h, fmt.Errorf("MSLS at %#x: %w", at, err)
			}
			trailer = streams["MQCI"]
			break
		}
	}
	if trailer == nil {
		return h, fmt.Errorf("no MSLS block in the tail")
	}
	for _, s := range [][]byte{frontSCIN, trailer} {
		if string(s[:4]) != "SCIN" {
			return h, fmt.Errorf("MQCI does not start with SCIN")
		}
	}
	s := frontSCIN
	h.DatabaseName = scinString(s, 0x68)
	h.ServerName = scinString(s, 0x6C)
	h.HasChecksums = le.Uint32(s[8:])&0x10 != 0
	h.Version = fmt.Sprintf("%d.%d.%d", s[0x1B], s[0x1A], le.Uint16(s[0x18:]))
	for name, c := range typeChars {
		if c == s[0x57] {
			h.BackupType = name
		}
	}
	h.BackupStart = fmtDate(s[0x4D:])
	var g guid
	copy(g[:], s[0xC8:])
	h.DifferentialBaseGUID = g.String()
	copy(g[:], s[0x7C:])
	h.BindingID = g.String()
	copy(g[:], s[0xE0:])
	h.FamilyGUID = g.String()

	t := trailer
	h.BackupFinish = fmtDate(t[0x52:])
	h.FirstLSN = readLSN(t[0x20:])
	h.LastLSN = readLSN(t[0x2A:])
	h.CheckpointLSN = readLSN(t[0x34:])
	h.DatabaseBackupLSN = readLSN(t[0x3E:])
	h.Compressed = le.Uint64(t[0x158:]) < le.Uint64(t[0x60:])
	h.BackupSets = 1
	return h, nil
}

// walkStreams returns the streams of a block by id and the offset where the
// block ends (the end of its SPAD), checking each stream header checksum.
func walkStreams(blk []byte) (map[string][]byte, int, error) {
	streams := map[string][]byte{}
	at := int(le.Uint16(blk[8:]))
	for {
		if at+streamHeaderLen > len(blk) {
			return nil, 0, fmt.Errorf("stream header at %#x past the data", at)
		}
		sh := blk[at:]
		if got, want := le.Uint16(sh[20:]), xor16(sh[:20]); got != want {
			return nil, 0, fmt.Errorf("stream %q at %#x: checksum %#x, want %#x", sh[:4], at, got, want)
		}
		id := string(sh[:4])
		n := int(le.Uint64(sh[8:]))
		start := at + streamHeaderLen
		if start+n > len(blk) {
			return nil, 0, fmt.Errorf("stream %q at %#x: %d bytes past the data", id, at, n)
		}
		streams[id] = blk[start : start+n]
		if id == "SPAD" {
			return streams, start + n, nil
		}
		at = align(start+n, 4)
	}
}

func tapeString(blk []byte, at int) string {
	size, off := int(le.Uint16(blk[at:])), int(le.Uint16(blk[at+2:]))
	return fromUTF16le(blk[off : off+size])
}

func scinString(s []byte, at int) string { return tapeString(s, at) }

func readLSN(b []byte) string {
	return lsn{le.Uint32(b), le.Uint32(b[4:]), le.Uint16(b[8:])}.String()
}

func fmtDate(b []byte) string {
	if bytes.Equal(b[:5], make([]byte, 5)) {
		return ""
	}
	return getDate(b).Format(timeLayout)
}
