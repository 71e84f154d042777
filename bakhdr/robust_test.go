package bakhdr

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// damageSamples cover the three layouts: plain MTF with 512-byte blocks,
// plain with 4 KiB blocks (SQL 2014, stripe 1 of 2), SQL 2019 (front and
// trailer LSNs differ), and compressed SQL 2022.
var damageSamples = []string{
	"appveyor-lab/sql2008-backups/StopAt/StopAt_23.trn",
	"CConocimientos-Northwind/Northwind.bak",
	"shourav45-Net6APIUserManagement/TestDB.bak",
	"TasnimBrashdi-OOP-with-EFCore-and-database-project-/Library.bak",
}

func readSample(tb testing.TB, name string) []byte {
	tb.Helper()
	requireSamples(tb)
	data, err := os.ReadFile(filepath.Join(backupsDir, name))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// decodeWhole decodes a file held entirely in memory, as Decode sees a file
// no longer than the default reads.
func decodeWhole(data []byte) (*Header, error) {
	tail := data[max(0, len(data)-DefaultTailBytes):]
	return Decode(data[:min(len(data), DefaultHeadBytes)], tail, int64(len(data)))
}

// endOfSetOffset is where the first ESET starts (plain) or the record
// holding it (compressed): a file cut anywhere before it is incomplete.
func endOfSetOffset(tb testing.TB, data []byte) int {
	tb.Helper()
	if string(data[:4]) == "TAPE" {
		for o := 0; o+blockHeaderLen <= len(data); o += 512 {
			if blk, ok := parseBlockAt(data[o:o+blockHeaderLen], o); ok && blk.typ == "ESET" {
				return o
			}
		}
		tb.Fatal("no ESET block")
	}
	last := 0
	forEachRecord(tb, data, func(r record) { last = r.off })
	return last
}

// TestTruncatedBackupsAreReportedAsTruncated cuts real backups (two logs,
// two fulls, one compressed) at points all through the file, the last few
// KiB (trailer, end-of-set blocks, final filemark) densely: every cut must
// give an error wrapping ErrTruncated, and the whole file a header.
func TestTruncatedBackupsAreReportedAsTruncated(t *testing.T) {
	for _, name := range append([]string{"appveyor-lab/OlaMsFilter/complex/Log/test_LOG_20160629_141500.trn"}, damageSamples...) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			data := readSample(t, name)
			if _, err := decodeWhole(data); err != nil {
				t.Fatalf("whole file: %v", err)
			}
			end := len(data)
			var cuts []int
			for n := len(magicMSSQLBAK); n < 9000 && n < end; n += 13 {
				cuts = append(cuts, n)
			}
			for n := 9000; n < end-12<<10; n += max(1, (end-9000)/100) {
				cuts = append(cuts, n)
			}
			for n := max(9000, end-12<<10); n < end; n += 7 {
				cuts = append(cuts, n)
			}
			cuts = append(cuts, endOfSetOffset(t, data), end-1)
			for _, n := range cuts {
				h, err := decodeWhole(data[:n])
				if err == nil {
					t.Fatalf("cut at %d of %d bytes: decoded %+v, want an error", n, end, *h)
				}
				var more *NeedMoreError
				if errors.As(err, &more) {
					t.Fatalf("cut at %d: asked for %d more head bytes of a file read whole", n, more.HeadBytes)
				}
				if !errors.Is(err, ErrTruncated) {
					t.Fatalf("cut at %d of %d: error %q does not wrap ErrTruncated", n, end, err)
				}
			}
			t.Logf("%d cuts of a %d-byte file, all reported as truncated", len(cuts), end)
		})
	}
}

func TestFlippedBytesInTheFrontNeverPanicAndBreakChecksums(t *testing.T) {
	for _, name := range damageSamples {
		t.Run(filepath.Base(name), func(t *testing.T) {
			data := readSample(t, name)
			if len(data) > 4<<20 {
				t.Fatalf("sample unexpectedly large: %d bytes", len(data))
			}
			if _, err := decodeWhole(data); err != nil {
				t.Fatal(err)
			}
			// Byte offsets whose change must be detected: the magic, and the
			// checksummed headers of the front blocks (plain files only).
			mustFail := map[int]bool{0: true, 1: true, 2: true, 3: true}
			if string(data[:4]) == "TAPE" {
				src := &plainSource{head: data, size: int64(len(data))}
				off := 0
				for range 8 {
					blk, err := readBlock(src, off)
					if err != nil {
						t.Fatal(err)
					}
					for i := range blockHeaderLen {
						mustFail[off+i] = true
					}
					if blk.typ == "MSCI" {
						break
					}
					if blk.typ == "SFMB" {
						off += blk.firstEvent
						continue
					}
					if off, err = walkStreams(src, blk, nil); err != nil {
						t.Fatal(err)
					}
				}
			} else {
				mustFail[firstRecordOff] = true // record kind
			}
			front := min(len(data), 0x2000)
			// The tail is left out: these flips test the front walk, and
			// without a tail the trailer cannot mask a damaged front.
			want, err := Decode(data[:min(len(data), DefaultHeadBytes)], nil, int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			flips, failed, changed := 0, 0, 0
			buf := make([]byte, min(len(data), DefaultHeadBytes))
			for i := range front {
				masks := []byte{0xFF}
				if mustFail[i] {
					masks = append(masks, 0x01) // a one-bit change must break the checksum too
				}
				for _, mask := range masks {
					copy(buf, data)
					buf[i] ^= mask
					flips++
					h, err := Decode(buf, nil, int64(len(data)))
					switch {
					case err != nil:
						failed++
					case mustFail[i]:
						t.Fatalf("flip %#02x at byte %d of a checksummed header went unnoticed", mask, i)
					case !reflect.DeepEqual(h, want):
						changed++
					}
				}
			}
			t.Logf("%d flips in the first %d bytes: %d errors, %d decoded with changed fields, none panicked", flips, front, failed, changed)
		})
	}
}

func TestShortHeadAsksForMoreBytesThenDecodes(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		headN int
	}{
		{"plain head ending inside TAPE", "appveyor-lab/sql2008-backups/StopAt/StopAt_23.trn", 100},
		{"plain head ending inside the SCIN", "appveyor-lab/sql2008-backups/StopAt/StopAt_23.trn", 0xF00},
		{"4 KiB blocks, head ending at SSET", "CConocimientos-Northwind/Northwind.bak", 0x2000},
		{"compressed head ending inside the first record", "TasnimBrashdi-OOP-with-EFCore-and-database-project-/Library.bak", 0x300},
		{"compressed head ending inside the MSCI record", "TasnimBrashdi-OOP-with-EFCore-and-database-project-/Library.bak", 0x700},
		{"head shorter than the magic", "TasnimBrashdi-OOP-with-EFCore-and-database-project-/Library.bak", 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := readSample(t, tc.file)
			want, err := decodeWhole(data)
			if err != nil {
				t.Fatal(err)
			}
			tail := data[max(0, len(data)-DefaultTailBytes):]
			_, err = Decode(data[:tc.headN], tail, int64(len(data)))
			var more *NeedMoreError
			if !errors.As(err, &more) {
				t.Fatalf("got %v, want a NeedMoreError", err)
			}
			if more.HeadBytes <= int64(tc.headN) || more.HeadBytes > int64(len(data)) {
				t.Fatalf("asks for %d head bytes after %d of a %d-byte file", more.HeadBytes, tc.headN, len(data))
			}
			got, err := Decode(data[:more.HeadBytes], tail, int64(len(data)))
			if err != nil {
				t.Fatalf("with the %d bytes asked for: %v", more.HeadBytes, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("with a re-read head got %+v, want %+v", *got, *want)
			}
		})
	}
}

func TestWithoutATailTheFrontCopyIsUsed(t *testing.T) {
	// Library.bak is SQL Server 2022: its front LSNs are preliminary and
	// differ from the trailer's, which shows which copy was used.
	data := readSample(t, "TasnimBrashdi-OOP-with-EFCore-and-database-project-/Library.bak")
	h, err := Decode(data[:DefaultHeadBytes], nil, int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if h.FirstLSN != "39000000276900011" || h.BackupFinish != "" || !h.Compressed || h.DatabaseName != "Library" {
		t.Fatalf("front-only header = %+v, want front FirstLSN 39:2769:11, no finish, compressed, Library", *h)
	}
}

func TestNonBackupBytesAreNotBackups(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"empty", []byte{}},
		{"text", []byte("hello, this is not a backup at all")},
		{"zip", []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00")},
		{"lower-case tape", []byte("tape and more bytes")},
	} {
		if _, err := Decode(tc.data, tc.data, int64(len(tc.data))); !errors.Is(err, ErrNotBackup) {
			t.Errorf("%s: got %v, want ErrNotBackup", tc.name, err)
		}
	}
}
