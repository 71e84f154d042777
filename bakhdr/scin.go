package bakhdr

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// SCIN is the first record of the MQCI stream (in MSCI at the front and MSLS
// at the end): SQL Server's own backup-set header. Offsets are relative to
// the record start; see docs/backup-header-format.md section 4.4.

const (
	scinMinLen = 0x160 // the fixed part reaches CompressedBackupSize at 0x158
	// scinMaxLen bounds the record; real ones are 430-478 bytes.
	scinMaxLen = 16 << 10

	scinFlagChecksums = 0x10
)

// scin holds the SCIN fields the header needs.
type scin struct {
	flags                               uint32
	build                               uint16
	minor, major                        byte
	firstLSN, lastLSN, ckptLSN, baseLSN lsn
	start, finish                       string
	typ                                 byte
	backupSize, compressedSize          uint64
	dbName, serverName                  string
	diffBaseGUID                        string
	bindingID, familyGUID               string
}

// readSCIN reads the SCIN record at the start of an MQCI stream. Errors from
// src.ensure are returned unwrapped so callers can tell "not enough bytes"
// from corruption.
func readSCIN(src source, s streamRef) (*scin, error) {
	if s.dataLen < 8 {
		return nil, corruptf("MQCI stream at offset %d is too short for a SCIN record", s.dataOff)
	}
	if err := src.ensure(s.dataOff + 8); err != nil {
		return nil, err
	}
	hdr := src.bytes()[s.dataOff : s.dataOff+8]
	if string(hdr[:4]) != "SCIN" {
		return nil, corruptf("MQCI stream at offset %d does not start with a SCIN record", s.dataOff)
	}
	n := int(binary.LittleEndian.Uint32(hdr[4:]))
	if n < scinMinLen || n > scinMaxLen || n > s.dataLen {
		return nil, corruptf("SCIN record at offset %d has impossible length %d", s.dataOff, n)
	}
	if err := src.ensure(s.dataOff + n); err != nil {
		return nil, err
	}
	return parseSCIN(src.bytes()[s.dataOff : s.dataOff+n])
}

// parseSCIN decodes a complete SCIN record (len(r) >= scinMinLen).
func parseSCIN(r []byte) (*scin, error) {
	le := binary.LittleEndian
	s := &scin{
		flags:          le.Uint32(r[0x08:]),
		build:          le.Uint16(r[0x18:]),
		minor:          r[0x1A],
		major:          r[0x1B],
		firstLSN:       readLSN(r[0x20:]),
		lastLSN:        readLSN(r[0x2A:]),
		ckptLSN:        readLSN(r[0x34:]),
		baseLSN:        readLSN(r[0x3E:]),
		typ:            r[0x57],
		backupSize:     le.Uint64(r[0x60:]),
		diffBaseGUID:   formatGUID(r[0xC8:0xD8]),
		bindingID:      identityGUID(r[0x7C:0x8C]),
		familyGUID:     identityGUID(r[0xE0:0xF0]),
		compressedSize: le.Uint64(r[0x158:]),
	}
	var err error
	if s.start, err = mtfDate(r[0x4D:0x52]); err != nil {
		return nil, fmt.Errorf("SCIN backup start date: %w", err)
	}
	if s.finish, err = mtfDate(r[0x52:0x57]); err != nil {
		return nil, fmt.Errorf("SCIN backup finish date: %w", err)
	}
	if s.dbName, err = scinString(r, readAddr(r[0x68:])); err != nil {
		return nil, fmt.Errorf("SCIN database name: %w", err)
	}
	if s.serverName, err = scinString(r, readAddr(r[0x6C:])); err != nil {
		return nil, fmt.Errorf("SCIN server name: %w", err)
	}
	if s.major == 0 {
		return nil, corruptf("SCIN record has SQL Server major version 0")
	}
	return s, nil
}

func scinString(r []byte, a addr) (string, error) {
	if a.size == 0 {
		return "", nil
	}
	if a.off+a.size > len(r) {
		return "", corruptf("string at %d+%d lies outside the %d-byte SCIN record", a.off, a.size, len(r))
	}
	return decodeString(r[a.off:a.off+a.size], 2), nil
}

// version is "major.minor.build", e.g. "15.0.2080".
func (s *scin) version() string {
	var buf [16]byte
	b := strconv.AppendUint(buf[:0], uint64(s.major), 10)
	b = strconv.AppendUint(append(b, '.'), uint64(s.minor), 10)
	b = strconv.AppendUint(append(b, '.'), uint64(s.build), 10)
	return string(b)
}

// backupTypes maps the msdb backupset.type letter to the header's type name.
var backupTypes = map[byte]string{
	'D': TypeFull,
	'I': TypeDifferential,
	'L': TypeLog,
	'F': TypeFile,
	'G': TypeDifferentialFile,
	'P': TypePartial,
	'Q': TypeDifferentialPartial,
}

// header builds the Header from the front blocks alone.
func (f *front) header() (*Header, error) {
	s := f.scin
	typ, ok := backupTypes[s.typ]
	if !ok {
		return nil, corruptf("SCIN record has unknown backup type byte 0x%02x", s.typ)
	}
	return &Header{
		DatabaseName:         s.dbName,
		ServerName:           s.serverName,
		MachineName:          f.machineName,
		BackupType:           typ,
		Version:              s.version(),
		HasChecksums:         s.flags&scinFlagChecksums != 0,
		Position:             f.position,
		FirstLSN:             s.firstLSN.String(),
		LastLSN:              s.lastLSN.String(),
		CheckpointLSN:        s.ckptLSN.String(),
		DatabaseBackupLSN:    s.baseLSN.String(),
		BackupStart:          s.start,
		BackupFinish:         s.finish, // zero (empty) in the front copy
		FamilyCount:          f.familyCount,
		FamilySequence:       f.familySequence,
		MediaSetID:           f.mediaSetID,
		BackupSetGUID:        f.backupSetGUID,
		DifferentialBaseGUID: s.diffBaseGUID,
		BindingID:            s.bindingID,
		FamilyGUID:           s.familyGUID,
	}, nil
}

// applyTrailer overwrites what only the trailer copy has final: on SQL
// Server 2019+ the front LSNs are preliminary, and the finish date and sizes
// are only known at the end.
func (h *Header) applyTrailer(t *scin) {
	h.FirstLSN = t.firstLSN.String()
	h.LastLSN = t.lastLSN.String()
	h.CheckpointLSN = t.ckptLSN.String()
	h.DatabaseBackupLSN = t.baseLSN.String()
	h.BackupFinish = t.finish
	if t.compressedSize != 0 && t.compressedSize < t.backupSize {
		h.Compressed = true
	}
}

// lsn is a log sequence number: VLF sequence, log block offset, slot.
type lsn struct {
	vlf, block uint32
	slot       uint16
}

func readLSN(b []byte) lsn {
	return lsn{
		vlf:   binary.LittleEndian.Uint32(b),
		block: binary.LittleEndian.Uint32(b[4:]),
		slot:  binary.LittleEndian.Uint16(b[8:]),
	}
}

// String gives the decimal form RESTORE HEADERONLY shows:
// vlf*10^15 + block*10^5 + slot. block*10^5+slot < 10^15 always, so the
// low part is exactly 15 digits and no big integers are needed.
func (l lsn) String() string {
	low := uint64(l.block)*100000 + uint64(l.slot)
	if l.vlf == 0 {
		return strconv.FormatUint(low, 10)
	}
	// Formatted by hand: fmt was a quarter of the decoder's time.
	var buf [10 + 15]byte
	b := strconv.AppendUint(buf[:0], uint64(l.vlf), 10)
	return string(appendPadded(b, low, 15))
}

// appendPadded appends n in decimal, zero-padded to width digits.
func appendPadded(b []byte, n uint64, width int) []byte {
	var d [20]byte
	i := len(d)
	for ; n > 0 || i > len(d)-width; n /= 10 {
		i--
		d[i] = byte('0' + n%10)
	}
	return append(b, d[i:]...)
}

// mtfDate decodes the 5-byte packed MTF_DATE_TIME; all zeros means unset.
func mtfDate(b []byte) (string, error) {
	if b[0]|b[1]|b[2]|b[3]|b[4] == 0 {
		return "", nil
	}
	year := int(b[0])<<6 | int(b[1])>>2
	month := int(b[1]&3)<<2 | int(b[2])>>6
	day := int(b[2]>>1) & 0x1F
	hour := int(b[2]&1)<<4 | int(b[3])>>4
	minute := int(b[3]&0xF)<<2 | int(b[4])>>6
	second := int(b[4] & 0x3F)
	if year < 1900 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59 {
		return "", corruptf("invalid date bytes %x", b)
	}
	var buf [len("2006-01-02T15:04:05")]byte
	out := appendPadded(buf[:0], uint64(year), 4)
	for i, v := range [...]int{month, day, hour, minute, second} {
		out = appendPadded(append(out, "--T::"[i]), uint64(v), 2)
	}
	return string(out), nil
}

// formatGUID formats 16 bytes in Microsoft mixed-endian order, lower case.
func formatGUID(b []byte) string {
	var g [16]byte
	copy(g[:], b[:16])
	g[0], g[1], g[2], g[3] = g[3], g[2], g[1], g[0]
	g[4], g[5] = g[5], g[4]
	g[6], g[7] = g[7], g[6]
	x := hex.EncodeToString(g[:])
	return x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}

// identityGUID formats a database identity GUID, or "" when it is all
// zeros: every real backup carries one, so zeros mean "not recorded" and
// must not make unrelated databases look like one.
func identityGUID(b []byte) string {
	for _, c := range b[:16] {
		if c != 0 {
			return formatGUID(b)
		}
	}
	return ""
}

// decodeString decodes an MTF string (strType 2 = UTF-16LE, else 8-bit)
// without its trailing NULs.
func decodeString(b []byte, strType byte) string {
	if strType != 2 {
		// 8-bit strings are read as Latin-1 so the result is always valid UTF-8.
		r := make([]rune, len(b))
		for i, c := range b {
			r[i] = rune(c)
		}
		return strings.TrimRight(string(r), "\x00")
	}
	// Names are mostly ASCII and short: narrowed on the stack, one allocation.
	var buf [256]byte
	return string(appendUTF16(buf[:0], b))
}

// appendUTF16 appends the UTF-16LE string b, without its trailing NULs, to
// dst as UTF-8: surrogate pairs decoded, invalid halves as U+FFFD (what
// utf16.Decode gives).
func appendUTF16(dst, b []byte) []byte {
	n := len(b) / 2
	for n > 0 && b[2*n-2]|b[2*n-1] == 0 {
		n-- // trailing NULs
	}
	le := binary.LittleEndian
	for i := 0; i < n; i++ {
		// Four ASCII characters at a time: names are mostly ASCII paths.
		for ; i+4 <= n; i += 4 {
			w := le.Uint64(b[2*i:])
			if w&0xFF80FF80FF80FF80 != 0 {
				break
			}
			dst = append(dst, byte(w), byte(w>>16), byte(w>>32), byte(w>>48))
		}
		if i == n {
			break
		}
		u := rune(le.Uint16(b[2*i:]))
		switch {
		case u < utf8.RuneSelf:
			dst = append(dst, byte(u))
		case u >= 0xD800 && u < 0xDC00 && i+1 < n:
			r := utf16.DecodeRune(u, rune(le.Uint16(b[2*i+2:])))
			if r != utf8.RuneError {
				i++
			}
			dst = utf8.AppendRune(dst, r)
		default:
			dst = utf8.AppendRune(dst, u) // a lone surrogate becomes U+FFFD
		}
	}
	return dst
}
