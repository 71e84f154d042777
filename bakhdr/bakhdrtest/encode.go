package bakhdrtest

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// timeLayout is how bakhdr.Header spells times: local, no zone.
const timeLayout = "2006-01-02T15:04:05"

var le = binary.LittleEndian

// lsn is a log sequence number as SQL Server stores it: VLF sequence, log
// block offset, slot.
type lsn struct {
	vlf, block uint32
	slot       uint16
}

// FormatLSN spells an LSN the way RESTORE HEADERONLY does:
// vlf*10^15 + block*10^5 + slot. Done on strings because the value exceeds
// 64 bits.
func FormatLSN(vlf, block uint32, slot uint16) string {
	return lsn{vlf, block, slot}.String()
}

func (l lsn) String() string {
	if l.vlf == 0 {
		if l.block == 0 {
			return strconv.Itoa(int(l.slot))
		}
		return strconv.FormatUint(uint64(l.block)*100000+uint64(l.slot), 10)
	}
	return fmt.Sprintf("%d%010d%05d", l.vlf, l.block, l.slot)
}

func (l lsn) isZero() bool { return l == lsn{} }

// parseLSN reverses String: the last 5 digits are the slot, the 10 before
// them the block offset, the rest the VLF sequence.
func parseLSN(s string) (lsn, error) {
	if s == "" {
		return lsn{}, nil
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return lsn{}, fmt.Errorf("LSN %q: not a decimal number", s)
		}
	}
	s = strings.TrimLeft(s, "0")
	if len(s) < 15 {
		s = strings.Repeat("0", 15-len(s)) + s
	}
	slot, err1 := strconv.ParseUint(s[len(s)-5:], 10, 16)
	block, err2 := strconv.ParseUint(s[len(s)-15:len(s)-5], 10, 32)
	vlf := uint64(0)
	var err3 error
	if len(s) > 15 {
		vlf, err3 = strconv.ParseUint(s[:len(s)-15], 10, 32)
	}
	if err1 != nil || err2 != nil || err3 != nil {
		return lsn{}, fmt.Errorf("LSN %q: a part is out of range (vlf u32, block u32, slot u16)", s)
	}
	return lsn{uint32(vlf), uint32(block), uint16(slot)}, nil
}

func putLSN(b []byte, l lsn) {
	le.PutUint32(b[0:], l.vlf)
	le.PutUint32(b[4:], l.block)
	le.PutUint16(b[8:], l.slot)
}

// guid is 16 bytes in Microsoft mixed-endian order, as stored on disk.
type guid [16]byte

// parseGUID reads the canonical 8-4-4-4-12 form; "" is the zero GUID.
func parseGUID(s string) (guid, error) {
	var g guid
	if s == "" {
		return g, nil
	}
	raw, err := hex.DecodeString(strings.ReplaceAll(s, "-", ""))
	if err != nil || len(raw) != 16 || len(s) != 36 {
		return g, fmt.Errorf("GUID %q: want 8-4-4-4-12 hex digits", s)
	}
	copy(g[:], raw)
	g.swap()
	return g, nil
}

// swap converts between the text (big-endian) and on-disk byte orders; it
// is its own inverse.
func (g *guid) swap() {
	g[0], g[1], g[2], g[3] = g[3], g[2], g[1], g[0]
	g[4], g[5] = g[5], g[4]
	g[6], g[7] = g[7], g[6]
}

func (g guid) String() string {
	g.swap()
	h := hex.EncodeToString(g[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// putDate writes MTF_DATE_TIME: 5 bytes, bit-packed from the most
// significant end (14-bit year, 4-bit month, 5-bit day, 5-bit hour, 6-bit
// minute, 6-bit second). The zero time writes all zeros, which means unset.
func putDate(b []byte, t time.Time) {
	if t.IsZero() {
		copy(b[:5], []byte{0, 0, 0, 0, 0})
		return
	}
	v := uint64(t.Year())<<26 | uint64(t.Month())<<22 | uint64(t.Day())<<17 |
		uint64(t.Hour())<<12 | uint64(t.Minute())<<6 | uint64(t.Second())
	for i := 0; i < 5; i++ {
		b[i] = byte(v >> (8 * (4 - i)))
	}
}

// getDate reverses putDate.
func getDate(b []byte) time.Time {
	var v uint64
	for i := 0; i < 5; i++ {
		v = v<<8 | uint64(b[i])
	}
	if v == 0 {
		return time.Time{}
	}
	return time.Date(int(v>>26), time.Month(v>>22&0xF), int(v>>17&0x1F),
		int(v>>12&0x1F), int(v>>6&0x3F), int(v&0x3F), 0, time.UTC)
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return t, fmt.Errorf("time %q: want %s", s, timeLayout)
	}
	return t, nil
}

// version is SQL Server's product version, major.minor.build.
type version struct {
	major, minor uint8
	build        uint16
}

func parseVersion(s string) (version, error) {
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return version{}, fmt.Errorf("version %q: want major.minor.build", s)
	}
	ma, e1 := strconv.ParseUint(parts[0], 10, 8)
	mi, e2 := strconv.ParseUint(parts[1], 10, 8)
	bu, e3 := strconv.ParseUint(parts[2], 10, 16)
	if e1 != nil || e2 != nil || e3 != nil {
		return version{}, fmt.Errorf("version %q: major and minor must fit a byte, build 16 bits", s)
	}
	return version{uint8(ma), uint8(mi), uint16(bu)}, nil
}

// dbVersion returns the internal database version and compatibility level a
// server of that major version writes, so the header stays self-consistent.
func dbVersion(major uint8) (dbv uint16, compat uint8) {
	switch major {
	case 9:
		return 611, 90
	case 10:
		return 661, 100
	case 11:
		return 706, 110
	case 12:
		return 782, 120
	case 13:
		return 852, 130
	case 14:
		return 869, 140
	case 15:
		return 904, 150
	case 16:
		return 957, 160
	default:
		return 998, 170
	}
}

func utf16le(s string) []byte {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 2*len(u))
	for i, c := range u {
		le.PutUint16(b[2*i:], c)
	}
	return b
}

func fromUTF16le(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = le.Uint16(b[2*i:])
	}
	return string(utf16.Decode(u))
}

func align(n, to int) int { return (n + to - 1) / to * to }
