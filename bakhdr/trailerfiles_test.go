package bakhdr

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
)

// On every plain sample, a head cut right after the front's first SFIN
// record gets the rest of the list from the trailer's copy in the tail: the
// walk from the end of the trailer's stream finds the same records, so the
// header equals the whole file's (docs/backup-file-list.md §1).
func TestEveryPlainSampleCompletesAListCutAfterItsFirstRecordFromTheTrailer(t *testing.T) {
	requireSamples(t)
	n := 0
	err := filepath.WalkDir(backupsDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := os.ReadFile(p)
		if err != nil || !bytes.HasPrefix(raw, magicTape) {
			return err
		}
		n++
		whole, err := Decode(raw, nil, int64(len(raw)))
		if err != nil {
			return err
		}
		first := bytes.Index(raw[:min(len(raw), 64<<10)], []byte("SFIN"))
		if first < 0 {
			t.Errorf("%s: no SFIN record in the front", p)
			return nil
		}
		cut := first + int(binary.LittleEndian.Uint32(raw[first+4:])) + 10 // inside the second record
		tail := raw[len(raw)-min(len(raw), DefaultTailBytes):]
		h, err := Decode(raw[:cut], tail, int64(len(raw)))
		if err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		if !slices.Equal(h.Files, whole.Files) || !slices.Equal(h.Unknown, whole.Unknown) {
			t.Errorf("%s: %d files, unknown %v; want the whole file's %d files, unknown %v", p, len(h.Files), h.Unknown, len(whole.Files), whole.Unknown)
		}
		// Without the tail the same head lists only the first file.
		h, err = Decode(raw[:cut], nil, int64(len(raw)))
		if err != nil || len(h.Files) != 1 || !slices.Contains(h.Unknown, unknownFiles) {
			t.Errorf("%s without a tail: %v, %+v; want one file and files unknown", p, err, h)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 123 {
		t.Errorf("%d plain samples, want 123", n)
	}
}

// TestTheTrailersRecordsAreUsedOnlyWhenTheyEndExactlyWhereItsStreamDoes:
// the trailer's SFIN records are found from the SPAD stream header that
// ends the MQCI stream (its padding runs exactly to the SFMB after the MSLS
// block). A damaged SPAD, a gap before it, or a stream that ends before the
// records the head already holds, and the head's list stays incomplete.
func TestTheTrailersRecordsAreUsedOnlyWhenTheyEndExactlyWhereItsStreamDoes(t *testing.T) {
	const rel = "appveyor-lab/sql2008-backups/db1/DIFF/SQL2008_db1_DIFF_20170518_041819.bak"
	raw := readSample(t, rel)
	le := binary.LittleEndian
	start := len(raw) - DefaultTailBytes
	tail := raw[start:]
	align := gridAlign(int64(start))
	tr, err := scanPlainTail(tail, int64(start))
	if err != nil || tr == nil {
		t.Fatalf("tail: %v", err)
	}
	spad := trailerStreamEnd(tail, align, tr.esetOff)
	if spad < 0 {
		t.Fatal("no SPAD after the trailer's records")
	}
	sfmb := spad + streamHeaderLen + int(le.Uint64(tail[spad+8:]))
	recs := regexp.MustCompile(`SFIN`).FindAllIndex(tail, -1) // mdf (id 1), ndf (3), log (2)
	head := raw[:bytes.Index(raw, []byte("SFIN"))]
	head = raw[:len(head)+int(le.Uint32(raw[len(head)+4:]))]   // up to the end of the first record...
	head = raw[:len(head)+int(le.Uint32(raw[len(head)+4:]))+8] // ...and the second, so the head holds ids 1 and 3
	writeSPAD := func(b []byte, at, end int) {
		copy(b[at:], "SPAD")
		le.PutUint64(b[at+8:], uint64(end-at-streamHeaderLen))
		le.PutUint16(b[at+20:], xor16(b[at:at+20]))
	}
	for _, tc := range []struct {
		name     string
		edit     func(b []byte)
		complete bool
	}{
		{"the trailer as written", func([]byte) {}, true},
		{"SPAD fails its checksum", func(b []byte) { b[spad+20] ^= 1 }, false},
		{"not a SPAD stream", func(b []byte) { b[spad] = 'X'; le.PutUint16(b[spad+20:], xor16(b[spad:spad+20])) }, false},
		{"SPAD does not pad to the SFMB", func(b []byte) { writeSPAD(b, spad, sfmb-4) }, false},
		{"the padding before SPAD is not zeros", func(b []byte) { b[spad-1] = 0xFF }, false},
		{"the last record ends four bytes before SPAD", func(b []byte) {
			r, n := recs[2][0], int(le.Uint32(b[recs[2][0]+4:]))
			le.PutUint32(b[r+4:], uint32(n-2))
			le.PutUint16(b[r+sfinPhysical:], le.Uint16(b[r+sfinPhysical:])-2)
			clear(b[r+n-2 : r+n])
		}, false},
		{"a record only the trailer holds has an unknown type code", func(b []byte) { b[recs[2][0]+sfinType] = 7 }, false},
		{"the stream ends after the trailer's first record, the head holds two", func(b []byte) {
			end := recs[0][0] + int(le.Uint32(b[recs[0][0]+4:]))
			at := end + (4-(end-align)%4)%4
			clear(b[spad : spad+streamHeaderLen]) // the SPAD as written is gone
			clear(b[end:at])
			writeSPAD(b, at, sfmb)
		}, false},
	} {
		b := slices.Clone(tail)
		tc.edit(b)
		h, err := Decode(head, b, int64(len(raw)))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		complete := !slices.Contains(h.Unknown, unknownFiles)
		if complete != tc.complete || complete && len(h.Files) != 3 || !complete && len(h.Files) != 2 {
			t.Errorf("%s: %d files, unknown %v; want complete %v", tc.name, len(h.Files), h.Unknown, tc.complete)
		}
	}
}
