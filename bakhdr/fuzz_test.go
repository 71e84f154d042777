package bakhdr

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Seeds are cut from the shared samples at fuzz time (a few KiB each), so
// the repository carries no copies; crashers the fuzzer finds land in
// testdata/fuzz/ and run as regression tests with every `go test`.

// fuzzSeedFiles: a plain log backup, a 4 KiB-block full, and a compressed full.
var fuzzSeedFiles = []string{
	"appveyor-lab/sql2008-backups/StopAt/StopAt_23.trn",
	"CConocimientos-Northwind/Northwind.bak",
	"TasnimBrashdi-OOP-with-EFCore-and-database-project-/Library.bak",
}

func readSeed(tb testing.TB, name string) []byte {
	data, err := os.ReadFile(filepath.Join(backupsDir, name))
	if err != nil {
		return nil // no shared data: the fuzzer starts from the synthetic seeds
	}
	return data
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte("TAPE"), []byte(nil), uint32(4))
	f.Add([]byte("MSSQLBAK\x02\x00\x00\x00\x03\x00\x00\x00"), []byte(nil), uint32(1<<20))
	for _, name := range fuzzSeedFiles {
		data := readSeed(f, name)
		if data == nil {
			continue
		}
		// 24 KiB of head reaches the SCIN of all three (Northwind's TAPE and
		// SFMB take 8 KiB each); 16 KiB of tail hold MSLS and ESET.
		f.Add(data[:24<<10], data[len(data)-16<<10:], uint32(len(data)))
	}
	// A head that ends inside the file list, which the trailer's copy in the
	// tail completes (trailerfiles.go).
	if data := readSeed(f, "appveyor-lab/sql2008-backups/db1/DIFF/SQL2008_db1_DIFF_20170518_041819.bak"); data != nil {
		if i := bytes.LastIndex(data[:64<<10], []byte("SFIN")); i > 0 {
			f.Add(data[:i+6], data[len(data)-16<<10:], uint32(len(data)))
		}
	}
	f.Fuzz(func(t *testing.T, head, tail []byte, size32 uint32) {
		size := max(int64(size32), int64(len(head)), int64(len(tail)))
		h, err := Decode(head, tail, size)
		if err != nil {
			if h != nil {
				t.Fatalf("header %+v returned with error %v", *h, err)
			}
			var more *NeedMoreError
			switch {
			case errors.As(err, &more):
				if more.HeadBytes <= int64(len(head)) || more.HeadBytes > size {
					t.Fatalf("NeedMoreError asks for %d bytes with %d given of %d", more.HeadBytes, len(head), size)
				}
			case !errors.Is(err, ErrNotBackup) && !errors.Is(err, ErrCorrupt):
				t.Fatalf("error %q is neither ErrNotBackup nor ErrCorrupt", err)
			}
			if strings.ContainsAny(err.Error(), "\n\r") {
				t.Fatalf("error is not one line: %q", err)
			}
			return
		}
		if h.Position < 1 || h.BackupSets < 1 || h.BackupType == "" || h.Version == "" {
			t.Fatalf("implausible header without error: %+v", *h)
		}
	})
}

func FuzzXpress(f *testing.F) {
	f.Add([]byte("hello hello hello"), uint8(1))
	f.Add(bytes.Repeat([]byte{0x99}, 300), uint8(2))
	if data := readSeed(f, "TasnimBrashdi-OOP-with-EFCore-and-database-project-/Library.bak"); data != nil {
		// The TAPE record (0x1E0) and the SSET/VOLB/MSCI record (0x600).
		for _, off := range []int{firstRecordOff, 0x600} {
			r := parseRecord(data[off:], off)
			f.Add(data[off+recordHeaderLen:r.end()], uint8(r.units))
		}
	}
	var d xpressDecoder
	f.Fuzz(func(t *testing.T, data []byte, units uint8) {
		// Arbitrary bytes as a compressed stream: an error or exactly
		// units*512 bytes, never a panic.
		out := make([]byte, int(units)*512)
		_ = d.decode(out, data)

		// The same bytes as plain data: what the test encoder writes, the
		// decoder must give back unchanged.
		enc := xpressEncode(data)
		got := make([]byte, len(data))
		if err := d.decode(got, enc); err != nil {
			t.Fatalf("decoding the encoded input: %v", err)
		}
		if !bytes.Equal(got, data) {
			t.Fatalf("round trip changed the data")
		}
	})
}
