package bakhdrtest

import (
	"fmt"
	"slices"
	"time"

	"github.com/baklint/baklint/bakhdr"
)

// File offsets of the first blocks, with BLOCKSIZE 512. The TAPE header and
// its SFMB open the file once; each backup set (SSET … ESET) follows.
const (
	offTAPE = 0
	offSFMB = 0x400
	offSSET = 0x600

	// Sizes of the per-set blocks that do not depend on the header.
	setHeadLen = 2 * logicalBlock                               // SSET, VOLB
	setTailLen = physicalBlock + 2*logicalBlock + physicalBlock // SFMB, ESET, ESET, SFMB

	minDataBlock = physicalBlock
	userName     = `NT SERVICE\SQLSERVERAGENT`
)

// fields is a header parsed into the binary values the blocks hold.
type fields struct {
	h                             bakhdr.Header
	v                             version
	typeChar                      byte
	first, last, ckpt, dbBackup   lsn
	start, finish                 time.Time
	mediaSet, backupSet, diffBase guid
	bindingID, familyGUID         guid
	familyID                      uint32
	differential                  bool
}

// layout is a backup planned up to the size of its data block.
type layout struct {
	f     fields
	msci  int // bytes of the MSCI block and of the MSLS block (same SCIN size)
	fixed int // bytes of every block except the data block
}

var typeChars = map[string]byte{
	bakhdr.TypeFull:                'D',
	bakhdr.TypeDifferential:        'I',
	bakhdr.TypeLog:                 'L',
	bakhdr.TypeFile:                'F',
	bakhdr.TypeDifferentialFile:    'G',
	bakhdr.TypePartial:             'P',
	bakhdr.TypeDifferentialPartial: 'Q',
}

func parseFields(h bakhdr.Header) (fields, error) {
	f := fields{h: h}
	var err error
	fail := func(what string, e error) error {
		return fmt.Errorf("bakhdrtest: header of database %q: %s: %w", h.DatabaseName, what, e)
	}
	c, ok := typeChars[h.BackupType]
	if !ok {
		return f, fail("backup type", fmt.Errorf("unknown %q", h.BackupType))
	}
	f.typeChar = c
	f.differential = c == 'I' || c == 'G' || c == 'Q'
	if f.v, err = parseVersion(h.Version); err != nil {
		return f, fail("version", err)
	}
	for _, x := range []struct {
		dst *lsn
		s   string
	}{{&f.first, h.FirstLSN}, {&f.last, h.LastLSN}, {&f.ckpt, h.CheckpointLSN}, {&f.dbBackup, h.DatabaseBackupLSN}} {
		if *x.dst, err = parseLSN(x.s); err != nil {
			return f, fail("LSN", err)
		}
	}
	if f.start, err = parseTime(h.BackupStart); err != nil {
		return f, fail("backup start", err)
	}
	if f.finish, err = parseTime(h.BackupFinish); err != nil {
		return f, fail("backup finish", err)
	}
	for _, x := range []struct {
		dst *guid
		s   string
	}{{&f.mediaSet, h.MediaSetID}, {&f.backupSet, h.BackupSetGUID}, {&f.diffBase, h.DifferentialBaseGUID},
		{&f.bindingID, h.BindingID}, {&f.familyGUID, h.FamilyGUID}} {
		if *x.dst, err = parseGUID(x.s); err != nil {
			return f, fail("GUID", err)
		}
	}
	if h.FamilyCount < 1 || h.FamilyCount > 64 || h.FamilySequence < 1 || h.FamilySequence > h.FamilyCount {
		return f, fail("striping", fmt.Errorf("family %d of %d: want 1 ≤ sequence ≤ count ≤ 64", h.FamilySequence, h.FamilyCount))
	}
	if h.Position < 1 || h.Position > 0xFFFF {
		return f, fail("position", fmt.Errorf("%d out of range", h.Position))
	}
	if len(utf16le(h.DatabaseName)) > 0xFFFF || len(utf16le(h.ServerName)) > 0xFFFF {
		return f, fail("names", fmt.Errorf("too long"))
	}
	if err := checkFiles(h.Files); err != nil {
		return f, fail("files", err)
	}
	// Complete fills the identity; a caller that bypasses it gets the same.
	if f.bindingID == (guid{}) {
		f.bindingID = derivedGUID("binding", h.ServerName+"\x00"+h.DatabaseName)
	}
	if f.familyGUID == (guid{}) {
		f.familyGUID = derivedGUID("family", h.ServerName+"\x00"+h.DatabaseName)
	}
	fid := derivedGUID("media family", fmt.Sprint(h.MediaSetID, h.FamilySequence))
	f.familyID = le.Uint32(fid[:])
	return f, nil
}

func plan(h bakhdr.Header) (layout, error) {
	f, err := parseFields(h)
	if err != nil {
		return layout{}, err
	}
	l := layout{f: f}
	l.msci = len(mqciBlock("MSCI", f, scin(f, true, 0)))
	l.fixed = offSSET + l.setFixed()
	return l, nil
}

// setFixed is the size of one backup set without its data block.
func (l layout) setFixed() int { return setHeadLen + 2*l.msci + setTailLen }

// write lays out a single-set file; dataSize is a multiple of 512.
func (l layout) write(dataSize, trailing int) []byte {
	total := l.fixed + dataSize + trailing
	out := make([]byte, 0, total)
	out = append(out, tapeBlock(l.f)...)
	out = append(out, sfmb(nil)...)
	out, _ = l.writeSet(out, dataSize, []uint64{offSFMB})
	return append(out, make([]byte, trailing)...)
}

// writeSet appends one backup set (SSET … ESET, SFMB) at the end of out.
// filemarks are the offsets of the SFMBs before it, most recent first; the
// returned list includes the set's own two.
func (l layout) writeSet(out []byte, dataSize int, filemarks []uint64) ([]byte, []uint64) {
	f := l.f
	base := len(out)
	offMSCI := base + setHeadLen
	offData := offMSCI + l.msci
	offMSLS := offData + dataSize
	offSFMB2 := offMSLS + l.msci
	offESET := offSFMB2 + physicalBlock
	offSFMB3 := offESET + 2*logicalBlock
	backupSize := uint64(offSFMB3 + physicalBlock - base)
	at := func(d *dblk, off int, controlID uint32) []byte {
		d.setPosition(uint64(off-base)/logicalBlock, controlID)
		return d.seal()
	}

	out = append(out, at(ssetBlock(f, base), base, 0)...)
	out = append(out, at(volbBlock(f), base+logicalBlock, 1)...)
	out = append(out, at(mqciBlockD("MSCI", f, scin(f, true, backupSize)), offMSCI, 2)...)
	out = append(out, at(dataBlock(f, dataSize), offData, 3)...)
	out = append(out, at(mqciBlockD("MSLS", f, scin(f, false, backupSize)), offMSLS, 4)...)
	filemarks = append([]uint64{uint64(offSFMB2)}, filemarks...)
	out = append(out, sfmb(filemarks[1:])...)
	out = append(out, at(esetBlock(f), offESET, 5)...)
	out = append(out, at(esetBlock(f), offESET+logicalBlock, 6)...)
	out = append(out, sfmb(filemarks)...)
	return out, append([]uint64{uint64(offSFMB3)}, filemarks...)
}

func tapeBlock(f fields) []byte {
	d := newDBLK("TAPE", 0x00030000, 94, stringUTF16)
	le.PutUint32(d.b[52:], f.familyID)
	le.PutUint32(d.b[56:], 5)
	le.PutUint16(d.b[60:], 1)                 // media sequence number
	le.PutUint16(d.b[64:], physicalBlock/512) // SFMB size in 512-byte units
	le.PutUint16(d.b[66:], 3)
	le.PutUint16(d.b[84:], logicalBlock)
	le.PutUint16(d.b[86:], vendorSQL)
	putDate(d.b[88:], f.start)
	d.b[93] = 1 // MTF major version
	d.putAddr(80, utf16le("Microsoft SQL Server\x00\x00"))

	raid := make([]byte, 32)
	copy(raid[0:16], f.mediaSet[:])
	le.PutUint32(raid[16:], 0xF00000AD)
	le.PutUint16(raid[20:], uint16(f.h.FamilyCount))
	le.PutUint16(raid[22:], 1)
	le.PutUint16(raid[24:], uint16(f.h.FamilySequence))
	le.PutUint16(raid[30:], 1)
	d.stream("RAID", 0, raid)
	return d.finish(logicalBlock)
}

func ssetBlock(f fields, at int) *dblk {
	d := newDBLK("SSET", 0, 100, stringUTF16)
	attrs := uint32(0x4)
	if f.differential {
		attrs = 0x8
	}
	le.PutUint32(d.b[52:], attrs)
	le.PutUint16(d.b[60:], vendorSQL)
	le.PutUint16(d.b[62:], uint16(f.h.Position))
	le.PutUint64(d.b[80:], uint64(at)) // physical block address of this SSET
	putDate(d.b[88:], f.start)
	d.b[93] = f.v.major
	d.b[94] = f.v.minor
	d.b[97] = 2 // media catalog version

	// OS-specific data: the backup set GUID, then 5 zero bytes.
	osData := make([]byte, 21)
	copy(osData, f.backupSet[:])
	size, off := d.addr(osData)
	le.PutUint16(d.b[44:], size)
	le.PutUint16(d.b[46:], off)
	d.b = append(d.b, 0) // SQL Server starts the strings on an even offset
	d.putAddr(76, utf16le(userName))
	d.finish(logicalBlock)
	return d
}

func volbBlock(f fields) *dblk {
	d := newDBLK("VOLB", 0, 73, stringUTF16)
	le.PutUint32(d.b[52:], 2)
	putDate(d.b[68:], f.start)
	d.putAddr(56, []byte("C\x00:\x00"))
	d.putAddr(64, utf16le(f.h.MachineName))
	d.finish(logicalBlock)
	return d
}

// mqciBlockD builds MSCI or MSLS: one MQCI stream holding the SCIN record
// and the file list (a PRIMARY filegroup record, and one record per file
// of h.Files), padded to whole physical blocks.
func mqciBlockD(typ string, f fields, scinRec []byte) *dblk {
	d := newDBLK(typ, 0, 56, stringUTF16)
	d.stream("MQCI", 0, append(scinRec, fileListRecords(f.h.Files, f.v.major)...))
	d.finish(physicalBlock)
	return d
}

func mqciBlock(typ string, f fields, scinRec []byte) []byte {
	return mqciBlockD(typ, f, scinRec).seal()
}

// dataBlock is MSDA (database pages) or MSTL (log blocks) with zeroed
// content: the header readers never look inside it, and zeros keep the
// committed samples small in git.
func dataBlock(f fields, size int) *dblk {
	typ, stream := "MSDA", "MQDA"
	if f.typeChar == 'L' {
		typ, stream = "MSTL", "MQTL"
	}
	d := newDBLK(typ, 0, 56, 0)
	d.b = slices.Grow(d.b, size-56)
	attrs := uint16(0x2)
	csum := 0
	if f.h.HasChecksums {
		attrs |= 0x100
		csum = streamHeaderLen + 6
	}
	// The payload ends on a 4-byte boundary so the next stream follows it
	// directly and the SPAD closes the block exactly at size.
	payload := (size-csum-streamHeaderLen)&^3 - (56 + streamHeaderLen)
	d.zeroStream(stream, attrs, payload)
	if f.h.HasChecksums {
		d.stream("CSUM", 0, make([]byte, 4))
	}
	d.finishTo(size)
	return d
}

func esetBlock(f fields) *dblk {
	d := newDBLK("ESET", 0, 85, 0)
	attrs := uint32(0x4)
	if f.differential {
		attrs = 0x8
	}
	le.PutUint32(d.b[52:], attrs)
	le.PutUint16(d.b[78:], uint16(f.h.Position))
	putDate(d.b[80:], f.finish)
	d.finish(logicalBlock)
	return d
}
