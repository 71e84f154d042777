package bakhdrtest

// Microsoft Tape Format framing: descriptor blocks (DBLKs) with a 52-byte
// common header, followed by 22-byte-headed streams, the last of which is
// always SPAD padding up to the next block boundary. Field offsets follow
// /work/shared/docs/backup-header-format.md §2 and §4, which were checked
// against real backups.

const (
	commonHeaderLen = 52
	streamHeaderLen = 22

	osWindowsNT   = 14
	stringUTF16   = 2
	vendorSQL     = 0x1200
	logicalBlock  = 1024 // TAPE's format logical block size; SSET/VOLB/... sizes
	physicalBlock = 512  // BLOCKSIZE of the synthetic backups
)

// dblk builds one descriptor block: its fixed fields, then strings, then
// streams, then the SPAD that pads it to a multiple of unit.
type dblk struct {
	b []byte
}

// newDBLK starts a block whose type-specific fixed fields end at fixedEnd.
func newDBLK(typ string, attrs uint32, fixedEnd int, strType byte) *dblk {
	d := &dblk{b: make([]byte, fixedEnd)}
	copy(d.b[0:4], typ)
	le.PutUint32(d.b[4:], attrs)
	d.b[10] = osWindowsNT
	d.b[11] = 1
	d.b[48] = strType
	return d
}

// addr appends data to the variable area and returns its MTF_TAPE_ADDRESS
// (size, offset from the block start). Empty data is the null address.
func (d *dblk) addr(data []byte) (size, off uint16) {
	if len(data) == 0 {
		return 0, 0
	}
	off = uint16(len(d.b))
	d.b = append(d.b, data...)
	return uint16(len(data)), off
}

// putAddr appends data and writes its address at field offset at.
func (d *dblk) putAddr(at int, data []byte) {
	size, off := d.addr(data)
	le.PutUint16(d.b[at:], size)
	le.PutUint16(d.b[at+2:], off)
}

// stream appends a stream at the next 4-byte boundary. The first stream
// fixes the block's "offset to first event".
func (d *dblk) stream(id string, mediaAttrs uint16, data []byte) {
	d.zeroStream(id, mediaAttrs, len(data))
	copy(d.b[len(d.b)-len(data):], data)
}

// zeroStream appends a stream of n zero bytes without building them first,
// so a large synthetic file is not copied twice.
func (d *dblk) zeroStream(id string, mediaAttrs uint16, n int) {
	start := align(len(d.b), 4)
	if le.Uint16(d.b[8:]) == 0 {
		le.PutUint16(d.b[8:], uint16(start))
	}
	d.b = append(d.b, make([]byte, start-len(d.b)+streamHeaderLen)...)
	h := d.b[start:]
	copy(h[0:4], id)
	le.PutUint16(h[6:], mediaAttrs)
	le.PutUint64(h[8:], uint64(n))
	le.PutUint16(h[20:], xor16(h[:20]))
	d.b = append(d.b, make([]byte, n)...)
}

// finish pads the block with SPAD to the smallest multiple of unit that
// holds it, fills in the header checksum and returns the bytes.
func (d *dblk) finish(unit int) []byte {
	start := align(len(d.b), 4)
	end := align(start+streamHeaderLen, unit)
	d.zeroStream("SPAD", 0, end-start-streamHeaderLen)
	return d.seal()
}

// finishTo pads the block with SPAD to exactly size bytes.
func (d *dblk) finishTo(size int) []byte {
	start := align(len(d.b), 4)
	if start+streamHeaderLen > size {
		panic("bakhdrtest: block content does not fit its size")
	}
	d.zeroStream("SPAD", 0, size-start-streamHeaderLen)
	return d.seal()
}

func (d *dblk) seal() []byte {
	le.PutUint16(d.b[50:], xor16(d.b[:50]))
	return d.b
}

// xor16 is the MTF checksum: the XOR of the little-endian u16 words.
func xor16(b []byte) uint16 {
	var x uint16
	for i := 0; i+1 < len(b); i += 2 {
		x ^= le.Uint16(b[i:])
	}
	return x
}

// setPosition records the block's place in the set: the format logical
// address (in 1 KiB units from the SSET) and the control block id.
func (d *dblk) setPosition(fla uint64, controlID uint32) {
	le.PutUint64(d.b[20:], fla)
	le.PutUint32(d.b[36:], controlID)
}

// sfmb is a soft filemark block: one physical block listing the addresses
// of the filemarks before it, most recent first, as SQL Server writes it.
func sfmb(previous []uint64) []byte {
	b := make([]byte, physicalBlock)
	copy(b[0:4], "SFMB")
	le.PutUint32(b[4:], 0x80000000)
	le.PutUint16(b[8:], physicalBlock) // no streams: first event = block end
	b[10] = osWindowsNT
	b[11] = 1
	const entries = (physicalBlock - 72) / 8
	le.PutUint32(b[52:], entries)
	le.PutUint32(b[56:], uint32(len(previous)))
	le.PutUint32(b[60:], 72)
	for i, pba := range previous {
		le.PutUint64(b[72+8*i:], pba)
	}
	le.PutUint16(b[50:], xor16(b[:50]))
	return b
}
