package bakhdr

import (
	"bytes"
	"errors"
	"fmt"
)

// Default read sizes. 256 KiB of head covers TAPE/SFMB padding for
// BLOCKSIZE up to 64 KiB; 256 KiB of tail reaches the trailer (MSLS) of every
// sample by a wide margin (it sits 7-25 KiB before the end).
const (
	DefaultHeadBytes = 256 << 10
	DefaultTailBytes = 256 << 10
)

// maxHeadBytes bounds how far into a file the front header blocks may reach.
// Beyond it the data is treated as corrupt rather than asking the caller for
// ever more bytes.
const maxHeadBytes = 16 << 20

var (
	// ErrNotBackup: the bytes do not start like a SQL Server native backup.
	ErrNotBackup = errors.New("not a SQL Server native backup (no TAPE or MSSQLBAK signature)")
	// ErrCorrupt wraps every other decoding failure: truncated or damaged
	// data, or a layout this decoder does not understand.
	ErrCorrupt = errors.New("unreadable SQL Server backup header")
	// ErrTruncated: a native backup (the signature is there) whose end is
	// missing: a cut-off upload or copy. It wraps ErrCorrupt.
	ErrTruncated = fmt.Errorf("%w: truncated backup", ErrCorrupt)
)

// NeedMoreError asks the caller to read a longer head: a block chain runs
// past the bytes given. Re-read the head with at least HeadBytes bytes.
type NeedMoreError struct{ HeadBytes int64 }

func (e *NeedMoreError) Error() string {
	return fmt.Sprintf("backup header continues past the bytes read: read the first %d bytes of the file", e.HeadBytes)
}

var (
	magicTape     = []byte("TAPE")
	magicMSSQLBAK = []byte("MSSQLBAK")
)

// corruptf builds an ErrCorrupt error.
func corruptf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrCorrupt}, args...)...)
}

// HasSignature reports whether b (the first bytes of a file, at least 8 for
// a compressed backup) starts like a SQL Server native backup. It is the
// cheap sniff that decides, by content, whether a file is a backup at all.
func HasSignature(b []byte) bool {
	return bytes.HasPrefix(b, magicTape) || bytes.HasPrefix(b, magicMSSQLBAK)
}

// truncatedf builds an ErrTruncated error.
func truncatedf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrTruncated}, args...)...)
}

// Decode decodes the header from head (the first bytes of the file, starting
// at offset 0) and tail (the last bytes, ending at size; may be nil or overlap
// head). size is the file size.
//
// The front blocks give the first backup set's identity; the trailer (MSLS)
// near the end gives the final LSNs and the finish time. When tail is nil
// (and head is not the whole file), when the trailer lies outside the tail,
// or when it belongs to a later backup set appended to the same file, the
// LSNs come from the front copy (preliminary on SQL Server 2019+),
// BackupFinish stays empty, and Header.Unknown names those fields.
//
// A file that ends before its header blocks, a tail without the end-of-set
// (ESET) block, or one without the complete filemark (SFMB) that follows the
// last ESET in every sample means the file was cut short: an ErrTruncated
// error, not a header.
//
// The file size is not compared with the SCIN BackupSize or
// CompressedBackupSize: on the 126 samples no sound bound exists. The front
// (preliminary) BackupSize is an estimate that exceeds the whole file on 12
// complete log backups (1,048,576 bytes on 16-30 KB files); on a stripe it
// counts all stripes (all 18 striped sample files are smaller than it);
// in MSSQLBAK files the front CompressedBackupSize is the uncompressed
// estimate. The trailer values are final but always smaller than the
// trailer's own offset (BackupSize = MSLS offset - one block on every
// plain sample), so a file whose trailer was read can never be below them.

func Decode(head, tail []byte, size int64) (*Header, error) {
	return decode(head, tail, size, true)
}

// decode is Decode; withFiles false skips the file list (the only work the
// file list adds), so a benchmark can measure its cost in the same run
// (BenchmarkDecode, and bench's decode row through internal/benchhook).
func decode(head, tail []byte, size int64, withFiles bool) (*Header, error) {
	if size < int64(len(head)) || size < int64(len(tail)) {
		return nil, fmt.Errorf("%w: file size %d is smaller than the bytes read", ErrCorrupt, size)
	}
	if int64(len(head)) == size && tail == nil {
		tail = head // the whole file was read
	}
	var (
		src       source
		tailScan  func([]byte, int64) (*trailer, error)
		dec       *xpressDecoder
		container string
	)
	switch {
	case bytes.HasPrefix(head, magicTape):
		src = &plainSource{head: head, size: size}
		tailScan = scanPlainTail
		container = "MTF"
	case bytes.HasPrefix(head, magicMSSQLBAK):
		dec = new(xpressDecoder)
		src = &compressedSource{head: head, size: size, dec: dec, pos: firstRecordOff}
		tailScan = func(t []byte, start int64) (*trailer, error) { return scanCompressedTail(t, start, dec) }
		container = "MSSQLBAK"
	case len(head) < len(magicMSSQLBAK) && int64(len(head)) < size:
		return nil, &NeedMoreError{HeadBytes: min(size, DefaultHeadBytes)}
	default:
		return nil, ErrNotBackup
	}

	f, err := walkFront(src, withFiles)
	if err != nil {
		return nil, err
	}
	h, err := f.header()
	if err != nil {
		return nil, err
	}
	h.BackupSets = 1
	if container == "MSSQLBAK" {
		h.Compressed, h.CompressionAlgorithm = true, CompressionXpress
	}

	if len(tail) == 0 {
		h.markFrontOnly(f.scin.major)
		return f.finish(h), nil
	}
	t, err := tailScan(tail, size-int64(len(tail)))
	if err != nil {
		return nil, err
	}
	if t == nil || t.lastSet == 0 {
		// Every complete backup set ends with ESET, a few KiB before the end
		// of the file; without one the file was cut short (an interrupted
		// copy or upload) and would not restore.
		return nil, truncatedf("no end-of-set (ESET) block in the last %d bytes of the file", len(tail))
	}
	if !t.closed {
		return nil, truncatedf("the filemark (SFMB) after the last end-of-set block is missing or cut off: the file's last bytes are missing")
	}
	if container == "MTF" && t.lastSet == f.position && (t.scin == nil || t.belongsTo(f)) {
		// The list the head cut short may end in the trailer's copy, if
		// the trailer is this set's: a set header of another set (the
		// same position in another file, a damaged tail) lends no files.
		f.files.completeFromTail(tail, gridAlign(size-int64(len(tail))), t.esetOff, t.mslsOff)
	}
	if t.lastSet > f.position {
		h.BackupSets = t.lastSet - f.position + 1
	}
	if t.scin != nil && t.belongsTo(f) {
		h.applyTrailer(t.scin)
	} else {
		h.markFrontOnly(f.scin.major)
	}
	return f.finish(h), nil
}

// finish gives h the file list in file id order, and says whether it is
// complete.
func (f *front) finish(h *Header) *Header {
	h.Files = f.files.sorted()
	if !f.files.complete {
		h.Unknown = append(h.Unknown, unknownFiles)
	}
	return h
}
