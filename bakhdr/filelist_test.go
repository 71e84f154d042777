package bakhdr

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
)

// sampleFiles lists every backup of the shared corpus, relative to it.
func sampleFiles(tb testing.TB) []string {
	tb.Helper()
	requireSamples(tb)
	var out []string
	err := filepath.WalkDir(backupsDir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".bak") || strings.HasSuffix(p, ".trn")) {
			rel, _ := filepath.Rel(backupsDir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

// databasePath matches a database file path as SQL Server writes it, in
// UTF-16LE: a drive letter, then no NUL, ending .mdf, .ndf or .ldf.
var databasePath = regexp.MustCompile(`(?i)[A-Z]\x00:\x00\\\x00(?:[^\x00]\x00)*?\.\x00[mnl]\x00d\x00f\x00`)

// TestFileListOfEverySampleMatchesTheEvidence decodes the file list of all
// 126 samples from default-sized head and tail reads and checks it against
// what the file's own bytes show:
//   - every decoded physical name occurs in an uncompressed file as UTF-16
//     (what `strings -el` shows) at least twice, in the MSCI and MSLS
//     copies; and every database file path in a log backup, which holds no
//     data pages (those also carry model's paths), is a decoded name. A
//     compressed file holds no plain text: its names are checked by type
//     and order only;
//   - the primary data file (.mdf) comes first (the 3-file db1 backups
//     store it, the .ndf and the log in the order 1, 3, 2), exactly the types data and
//     log occur, at least one of each, and only data files have a filegroup;
//   - sizes are whole 8 KiB pages, and a full backup is no larger than its
//     database's files (the manifest's BackupSize).
func TestFileListOfEverySampleMatchesTheEvidence(t *testing.T) {
	backupSize := map[string]int64{}
	fullType := map[string]bool{}
	for _, m := range loadManifest(t) {
		backupSize[m.File], fullType[m.File] = m.BackupSize, m.BackupTypeChar == "D"
	}
	files := sampleFiles(t)
	if len(files) != 126 {
		t.Errorf("%d sample files, want 126", len(files))
	}
	types := map[string]int{}
	logs := 0
	for _, rel := range files {
		h, _, err := decodeLikeScanner(t, filepath.Join(backupsDir, rel))
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			continue
		}
		if slices.Contains(h.Unknown, unknownFiles) || len(h.Files) < 2 {
			t.Errorf("%s: file list %+v incomplete (unknown %v)", rel, h.Files, h.Unknown)
			continue
		}
		// The primary data file is the .mdf (Noextension.bak names its
		// "data", without extension; it is still the first).
		if f := h.Files[0]; f.Type != FileData || f.Filegroup != "PRIMARY" {
			t.Errorf("%s: first file %+v is not the primary data file", rel, f)
		}
		for i, f := range h.Files {
			if strings.HasSuffix(strings.ToLower(f.PhysicalName), ".mdf") && i != 0 {
				t.Errorf("%s: the .mdf file %q is file %d, not the first", rel, f.PhysicalName, i+1)
			}
		}
		var total int64
		seen := map[string]bool{}
		for _, f := range h.Files {
			types[f.Type]++
			seen[f.Type] = true
			total += f.Size
			if f.LogicalName == "" || f.Size <= 0 || f.Size%8192 != 0 {
				t.Errorf("%s: implausible file %+v", rel, f)
			}
			if (f.Type == FileData) != (f.Filegroup != "") {
				t.Errorf("%s: %s file %q has filegroup %q", rel, f.Type, f.LogicalName, f.Filegroup)
			}
		}
		if !seen[FileData] || !seen[FileLog] {
			t.Errorf("%s: types %v, want data and log", rel, seen)
		}
		if bs, ok := backupSize[rel]; ok && fullType[rel] && !h.Compressed && bs > total {
			t.Errorf("%s: full backup of %d bytes from database files totalling %d", rel, bs, total)
		}
		raw := readSample(t, rel)
		if !bytes.HasPrefix(raw, magicTape) {
			continue
		}
		if h.BackupType == TypeLog {
			logs++
		}
		inFile := map[string]bool{}
		for _, m := range databasePath.FindAll(raw, -1) {
			inFile[strings.ToLower(decodeString(m, 2))] = true
		}
		decoded := map[string]bool{}
		for _, f := range h.Files {
			decoded[strings.ToLower(f.PhysicalName)] = true
			if n := bytes.Count(raw, utf16le(f.PhysicalName)); n < 2 {
				t.Errorf("%s: physical name %q occurs %d times in the file, want the MSCI and MSLS copies", rel, f.PhysicalName, n)
			}
		}
		for p := range inFile {
			if h.BackupType == TypeLog && !decoded[p] {
				t.Errorf("%s: the file holds path %q, which no decoded file has", rel, p)
			}
		}
	}
	if len(types) != 2 || types[FileData] < 126 || types[FileLog] < 126 {
		t.Errorf("file types over the corpus: %v, want only data and log, each in every file", types)
	}
	if logs < 40 {
		t.Errorf("only %d uncompressed log backups had every path checked", logs)
	}
	t.Logf("file types over the corpus: %v; %d log backups path-checked", types, logs)
}

// TestFileListsOfSelectedSamples pins three lists read by hand from the
// bytes (docs/backup-file-list.md): db1's second data file has file id 3 and
// is stored before the log (id 2), so file id order puts the log second; a
// data file without extension; and the compressed SQL Server 2022 file,
// whose sizes are that version's 8 MiB defaults.
func TestFileListsOfSelectedSamples(t *testing.T) {
	const sql2022 = `C:\Program Files\Microsoft SQL Server\MSSQL16.MSSQLSERVER\MSSQL\DATA\`
	for _, tc := range []struct {
		file string
		want []DatabaseFile
	}{
		{"appveyor-lab/sql2008-backups/db1/DIFF/SQL2008_db1_DIFF_20170518_041819.bak", []DatabaseFile{
			{"db1", `C:\Move\db1.mdf`, FileData, "PRIMARY", 1 << 30},
			{"db1_log", `C:\Tests\db1_log.ldf`, FileLog, "", 3538944},
			{"db1_1", `C:\Move\db1_1.ndf`, FileData, "PRIMARY", 1 << 30},
		}},
		{"appveyor-lab/sql2008-backups/Noextension.bak", []DatabaseFile{
			{"NoExtension", `C:\Program Files\Microsoft SQL Server\MSSQL10_50.MSSQLSERVER\MSSQL\DATA\data`, FileData, "PRIMARY", 3 << 20},
			{"NoExtension_log", `C:\Program Files\Microsoft SQL Server\MSSQL10_50.MSSQLSERVER\MSSQL\DATA\log`, FileLog, "", 2 << 20},
		}},
		{"TasnimBrashdi-OOP-with-EFCore-and-database-project-/Library.bak", []DatabaseFile{
			{"Library", sql2022 + "Library.mdf", FileData, "PRIMARY", 8 << 20},
			{"Library_log", sql2022 + "Library_log.ldf", FileLog, "", 8 << 20},
		}},
	} {
		h, _, err := decodeLikeScanner(t, filepath.Join(backupsDir, tc.file))
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if !slices.Equal(h.Files, tc.want) {
			t.Errorf("%s: files\n%+v\nwant\n%+v", tc.file, h.Files, tc.want)
		}
	}
}

// TestAFileListThatIsNotAllThereIsListedAsUnknown: a list that runs past the
// head read (the scanner does not read more for it), or names a file type
// whose code is not known, keeps what it could read and says "files" is
// unknown; the rest of the header is unaffected. A list cut short by the
// head is completed from the trailer's copy in the tail only when that copy
// provably continues it (trailerfiles.go).
func TestAFileListThatIsNotAllThereIsListedAsUnknown(t *testing.T) {
	const rel = "appveyor-lab/sql2008-backups/db1/DIFF/SQL2008_db1_DIFF_20170518_041819.bak"
	raw := readSample(t, rel)
	whole, err := Decode(raw, nil, int64(len(raw)))
	if err != nil || len(whole.Files) != 3 || whole.Unknown != nil {
		t.Fatalf("whole file: %+v, %v", whole, err)
	}
	sfins := regexp.MustCompile(`SFIN`).FindAllIndex(raw[:64<<10], -1)
	if len(sfins) != 3 {
		t.Fatalf("found %d SFIN records in the front, want 3", len(sfins))
	}
	le := binary.LittleEndian
	tail := raw[len(raw)-DefaultTailBytes:]
	trailer := regexp.MustCompile(`SFIN`).FindAllIndex(tail, -1)
	if len(trailer) != 3 {
		t.Fatalf("found %d SFIN records in the tail, want the trailer's 3", len(trailer))
	}
	// Tails whose trailer copy must not be used.
	edited := func(edit func(b []byte)) []byte {
		b := slices.Clone(tail)
		edit(b)
		return b
	}
	otherIDs := edited(func(b []byte) { // no record of the tail is one of the head's
		for _, r := range trailer {
			b[r[0]+sfinFileID] += 100
		}
	})
	otherName := edited(func(b []byte) { // the mdf's logical name: db1 → Db1
		r := trailer[0][0]
		b[r+readAddr(b[r+sfinLogical:]).off] ^= 0x20
	})
	twice := edited(func(b []byte) { b[trailer[2][0]+sfinFileID] = 1 }) // the log's id 2 → 1, the mdf's
	swallows := edited(func(b []byte) {                                 // the mdf's record runs to the end of the stream
		le.PutUint32(b[trailer[0][0]+4:], uint32(trailer[2][0]+int(le.Uint32(b[trailer[2][0]+4:]))-trailer[0][0]))
		b[trailer[1][0]], b[trailer[2][0]] = 'X', 'X'
	})
	longLast := edited(func(b []byte) { b[trailer[2][0]+4] += 4 }) // the last record runs past the stream's end
	for _, tc := range []struct {
		name      string
		head      []byte
		wantFiles int
	}{
		// Records in the file: mdf (id 1), ndf (id 3), log (id 2).
		{"head ends inside the second SFIN", raw[:sfins[1][0]+100], 1},
		{"head ends between the second and third SFIN", raw[:sfins[2][0]], 2},
		{"head ends inside the third SFIN's header", raw[:sfins[2][0]+6], 2},
	} {
		for _, tl := range []struct {
			name     string
			tail     []byte
			complete bool
		}{
			{"the trailer's copy continues it", tail, true},
			{"the trailer's file ids do not overlap the head's, its names do", otherIDs, false},
			{"a shared record differs", otherName, false},
			{"the trailer's records do not end where its stream does", longLast, false},
			{"a file id comes twice", twice, false},
			{"a record of the trailer swallows the records after it", swallows, false},
		} {
			h, err := Decode(tc.head, tl.tail, int64(len(raw)))
			if err != nil {
				t.Fatalf("%s, %s: %v", tc.name, tl.name, err)
			}
			switch {
			case tl.complete && (!slices.Equal(h.Files, whole.Files) || h.Unknown != nil):
				t.Errorf("%s, %s: %d files, unknown %v; want the whole list, nothing unknown", tc.name, tl.name, len(h.Files), h.Unknown)
			case !tl.complete && (len(h.Files) != tc.wantFiles || !slices.Equal(h.Unknown, []string{unknownFiles})):
				t.Errorf("%s, %s: %d files, unknown %v; want %d files, unknown [files]", tc.name, tl.name, len(h.Files), h.Unknown, tc.wantFiles)
			}
			h.Files, h.Unknown = whole.Files, nil
			for _, d := range diffHeaders(*h, *whole) {
				t.Errorf("%s, %s: %s", tc.name, tl.name, d)
			}
		}
	}

	odd := slices.Clone(raw)
	odd[sfins[1][0]+sfinType] = 3 // the .ndf's type code: not a known one
	h, err := Decode(odd, nil, int64(len(odd)))
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Files) != 3 || h.Files[2].Type != "" || h.Files[2].LogicalName != "db1_1" || !slices.Equal(h.Unknown, []string{unknownFiles}) {
		t.Errorf("unknown type code: files %+v, unknown %v; want db1_1 without a type and unknown [files]", h.Files, h.Unknown)
	}
}

func TestDecodeStringHandlesASCIIAndOtherNamesAlike(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"Library", "Library"},
		{"Library\x00\x00", "Library"},
		{`C:\Базы\Продажи.mdf`, `C:\Базы\Продажи.mdf`},
		{"Sales\x00", "Sales"},
		{"db 😀 1", "db 😀 1"},
		{"ascii then é\x00", "ascii then é"},
	} {
		if got := decodeString(utf16le(tc.in), 2); got != tc.want {
			t.Errorf("decodeString(%q) = %q", tc.in, got)
		}
	}
	if got := decodeString([]byte{'A', 0, 'B'}, 2); got != "A" {
		t.Errorf("odd length: %q, want the whole units only", got)
	}
}

func TestLSNsAndDatesFormatLikeRestoreHeaderOnly(t *testing.T) {
	for _, tc := range []struct {
		l    lsn
		want string
	}{
		{lsn{}, "0"},
		{lsn{0, 0, 7}, "7"},
		{lsn{0, 215, 1}, "21500001"},
		{lsn{19, 215, 1}, "19000000021500001"},
		{lsn{968, 440, 37}, "968000000044000037"},
		{lsn{0xFFFFFFFF, 0xFFFFFFFF, 0xFFFF}, "4294967295429496729565535"},
	} {
		if got := tc.l.String(); got != tc.want {
			t.Errorf("%+v: %s, want %s", tc.l, got, tc.want)
		}
	}
	// 2020-07-09 01:27:04 packed as MTF_DATE_TIME.
	y, mo, d, h, mi, s := 2020, 7, 9, 1, 27, 4
	b := []byte{byte(y >> 6), byte(y<<2) | byte(mo>>2), byte(mo<<6) | byte(d<<1) | byte(h>>4), byte(h<<4) | byte(mi>>2), byte(mi<<6) | byte(s)}
	if got, err := mtfDate(b); err != nil || got != "2020-07-09T01:27:04" {
		t.Errorf("mtfDate = %q, %v", got, err)
	}
	if got := (&scin{major: 16, minor: 0, build: 1000}).version(); got != "16.0.1000" {
		t.Errorf("version = %q", got)
	}
}

// A trailer whose records do not continue the head's still holds this
// set's last files: where every one is a file the head does not hold (its
// id, logical name and physical name are new) they count, and the list
// stays incomplete; where one shares a name with the head's, none does.
func TestATrailerOfOtherFilesCountsThemAndLeavesTheListIncomplete(t *testing.T) {
	raw := readSample(t, "appveyor-lab/sql2008-backups/db1/DIFF/SQL2008_db1_DIFF_20170518_041819.bak")
	head := raw[:regexp.MustCompile(`SFIN`).FindAllIndex(raw[:64<<10], -1)[1][0]+100] // ends inside the second record
	trailer := regexp.MustCompile(`SFIN`).FindAllIndex(raw[len(raw)-DefaultTailBytes:], -1)
	edited := func(logical, physical bool) []byte {
		tail := slices.Clone(raw[len(raw)-DefaultTailBytes:])
		for _, r := range trailer {
			tail[r[0]+sfinFileID] += 100
			if logical {
				tail[r[0]+readAddr(tail[r[0]+sfinLogical:]).off] = 'x'
			}
			if physical {
				tail[r[0]+readAddr(tail[r[0]+sfinPhysical:]).off+6] = 'x' // the character after `C:\`
			}
		}
		return tail
	}
	for _, tc := range []struct {
		name              string
		logical, physical bool
		want              int
	}{
		{"new ids and names: the trailer's files count", true, true, 4},
		{"the head's logical names", false, true, 1},
		{"the head's physical names", true, false, 1},
	} {
		h, err := Decode(head, edited(tc.logical, tc.physical), int64(len(raw)))
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Files) != tc.want || !slices.Equal(h.Unknown, []string{unknownFiles}) {
			t.Errorf("%s: %d files, unknown %v; want %d, files unknown", tc.name, len(h.Files), h.Unknown, tc.want)
		}
	}
}

// The trailer's copy of the list (trailerfiles.go).

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

// Bytes before the trailer's own block (data pages, the set's other
// blocks) can hold a stray "SFIN" whose length happens to land on the
// trailer's first record; neither such a record, nor one without names,
// is a file of the list.
func TestStrayRecordsBeforeTheTrailerAreNotCounted(t *testing.T) {
	raw := readSample(t, "appveyor-lab/sql2008-backups/db1/DIFF/SQL2008_db1_DIFF_20170518_041819.bak")
	head := raw[:regexp.MustCompile(`SFIN`).FindAllIndex(raw[:64<<10], -1)[1][0]+100] // ends inside the second record
	base := slices.Clone(raw[len(raw)-DefaultTailBytes:])
	trailer := regexp.MustCompile(`SFIN`).FindAllIndex(base, -1)
	for _, r := range trailer { // other files than the head's, as in the test above
		base[r[0]+sfinFileID] += 100
		base[r[0]+readAddr(base[r[0]+sfinLogical:]).off] = 'x'
		base[r[0]+readAddr(base[r[0]+sfinPhysical:]).off+6] = 'x'
	}
	msls := bytes.LastIndex(base[:trailer[0][0]], []byte("MSLS"))
	if msls < 256 {
		t.Fatalf("no MSLS block before the trailer's records")
	}
	plant := func(at int, named bool) []byte {
		b := slices.Clone(base)
		r := b[at : at+min(0x60, trailer[0][0]-at)]
		clear(r)
		copy(r, "SFIN")
		binary.LittleEndian.PutUint32(r[4:], uint32(trailer[0][0]-at)) // lands on the first real record
		binary.LittleEndian.PutUint32(r[sfinFileID:], 777)
		binary.LittleEndian.PutUint32(r[sfinType:], 2) // a log file
		if named {
			copy(r[0x40:], []byte{'z', 0, 'z', 0})
			copy(r[0x48:], []byte{'C', 0, ':', 0, '\\', 0, 'z', 0})
			binary.LittleEndian.PutUint32(r[sfinLogical:], 4|0x40<<16)
			binary.LittleEndian.PutUint32(r[sfinPhysical:], 8|0x48<<16)
		}
		return b
	}
	for _, tc := range []struct {
		name string
		tail []byte
		want int
	}{
		{"a stray record with names before the trailer's block", plant(msls-256, true), 4},
		{"a stray record without names before the trailer's block", plant(msls-256, false), 4},
		// Inside the block, in the filegroup record before the first file
		// record: a record without names leaves the trailer unused rather
		// than counted.
		{"a stray record without names inside the trailer's block", plant(trailer[0][0]-sfinMin, false), 1},
	} {
		h, err := Decode(head, tc.tail, int64(len(raw)))
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Files) != tc.want {
			t.Errorf("%s: %d files, want %d", tc.name, len(h.Files), tc.want)
		}
	}
}

// The trailer of another backup of the same database (a tail that is not
// this file's: the same set position, another backup start) holds the same
// files, but lends none: its set is not this one.
func TestAnotherSetsTrailerDoesNotCompleteTheList(t *testing.T) {
	const dir = "appveyor-lab/sql2008-backups/db1/DIFF/"
	raw := readSample(t, dir+"SQL2008_db1_DIFF_20170518_041819.bak")
	other := readSample(t, dir+"SQL2008_db1_DIFF_20170518_041826.bak")
	head := raw[:regexp.MustCompile(`SFIN`).FindAllIndex(raw[:64<<10], -1)[1][0]+100]
	own, err := Decode(head, raw[len(raw)-DefaultTailBytes:], int64(len(raw)))
	if err != nil || len(own.Files) != 3 || own.Unknown != nil {
		t.Fatalf("with its own tail: %d files, unknown %v, %v; want the whole list", len(own.Files), own.Unknown, err)
	}
	h, err := Decode(head, other[len(other)-DefaultTailBytes:], int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Files) != 1 || !slices.Contains(h.Unknown, unknownFiles) {
		t.Errorf("with the other backup's tail: %d files, unknown %v; want the head's 1, files unknown", len(h.Files), h.Unknown)
	}
}
