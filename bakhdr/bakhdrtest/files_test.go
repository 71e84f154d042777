package bakhdrtest

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/baklint/baklint/bakhdr"
)

const dataDir = `D:\SQLData\`

func dataFile(name, filegroup string, size int64) bakhdr.DatabaseFile {
	return bakhdr.DatabaseFile{LogicalName: name, PhysicalName: dataDir + name + ".ndf", Type: bakhdr.FileData, Filegroup: filegroup, Size: size}
}

func logFile(name string, size int64) bakhdr.DatabaseFile {
	return bakhdr.DatabaseFile{LogicalName: name, PhysicalName: `L:\SQLLogs\` + name + ".ldf", Type: bakhdr.FileLog, Size: size}
}

func TestSynthesizedFileListsDecodeToTheFilesGiven(t *testing.T) {
	primary := bakhdr.DatabaseFile{LogicalName: "Sales", PhysicalName: dataDir + "Sales.mdf", Type: bakhdr.FileData, Size: 8 << 20}
	for _, tc := range []struct {
		name    string
		version string
		files   []bakhdr.DatabaseFile
	}{
		{"one data and one log file", "16.0.1000", []bakhdr.DatabaseFile{primary, logFile("Sales_log", 8<<20)}},
		{"two log files", "15.0.2000", []bakhdr.DatabaseFile{primary, logFile("Sales_log", 8<<20), logFile("Sales_log2", 1<<30)}},
		{"a secondary filegroup, listed after the log", "13.0.5026", []bakhdr.DatabaseFile{
			primary, logFile("Sales_log", 8<<20), dataFile("Sales_2023", "Archive", 64<<20), dataFile("Sales_2024", "Archive", 64<<20), dataFile("Sales_idx", "Indexes", 16<<20)}},
		{"SQL Server 2008 R2 layout", "10.50.4042", []bakhdr.DatabaseFile{primary, logFile("Sales_log", 589824)}},
		{"names beyond ASCII", "14.0.1000", []bakhdr.DatabaseFile{
			{LogicalName: "Продажи", PhysicalName: `C:\Базы\Продажи.mdf`, Type: bakhdr.FileData, Size: 3 << 20},
			{LogicalName: "Продажи_log", PhysicalName: `C:\Базы\Продажи_log.ldf`, Type: bakhdr.FileLog, Size: 1 << 20}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := bakhdr.Header{DatabaseName: "Sales", Version: tc.version, Files: tc.files}
			want := Complete(h)
			if want.Files[0].Filegroup != "PRIMARY" {
				t.Fatalf("Complete gave the primary data file filegroup %q, want PRIMARY", want.Files[0].Filegroup)
			}
			for _, size := range []int64{MinSize(h), 1<<20 + 512} {
				got, err := decode(Synthesize(h, size))
				if err != nil {
					t.Fatalf("size %d: %v", size, err)
				}
				if !reflect.DeepEqual(*got, want) {
					t.Errorf("size %d: decoded files\n%+v\nwant\n%+v\n(unknown %v)", size, got.Files, want.Files, got.Unknown)
				}
			}
		})
	}
}

// manyFiles is a database's list of n files: the primary data file, the
// log, and n-2 data files in a secondary filegroup.
func manyFiles(db string, n int) []bakhdr.DatabaseFile {
	files := []bakhdr.DatabaseFile{dataFile(db, "", 1<<30), logFile(db+"_log", 1<<30)}
	for i := range n - 2 {
		files = append(files, dataFile(fmt.Sprintf("%s_%04d", db, i), "Data", 1<<30))
	}
	return files
}

// TestAFileListLongerThanTheHeadReadIsCompletedFromTheTrailer: 400 files
// (about 430 KiB of records) do not fit the 256 KiB head read; the rest is
// in the trailer's copy in the tail, which overlaps the head's records, so
// the list decodes whole. Without the tail it is marked incomplete.
func TestAFileListLongerThanTheHeadReadIsCompletedFromTheTrailer(t *testing.T) {
	h := bakhdr.Header{DatabaseName: "Big", Version: "16.0.1000", Files: manyFiles("Big", 400)}
	data := Synthesize(h, 4<<20)
	want := Complete(h)
	got, err := decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Files, want.Files) || slices.Contains(got.Unknown, "files") {
		t.Errorf("decoded %d of %d files, unknown %v; want all of them", len(got.Files), len(want.Files), got.Unknown)
	}
	front, err := bakhdr.Decode(data[:bakhdr.DefaultHeadBytes], nil, int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(front.Files); n < 100 || n >= 400 || !slices.Contains(front.Unknown, "files") ||
		!reflect.DeepEqual(front.Files, want.Files[:n]) {
		t.Errorf("head alone: %d files, unknown %v; want the first ones that fit, files unknown", n, front.Unknown)
	}
}

// TestAFileListTooLongForHeadAndTailIsCountedFromBothEnds: of 2,000 files
// the head holds the first ~240 and the tail the last ~240; nothing ties
// them together, so the list stays incomplete, but both ends are files of
// the database and count: more than the 280 of a General Purpose instance.
func TestAFileListTooLongForHeadAndTailIsCountedFromBothEnds(t *testing.T) {
	h := bakhdr.Header{DatabaseName: "Huge", Version: "16.0.1000", Files: manyFiles("Huge", 2000)}
	got, err := decode(Synthesize(h, 8<<20))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(got.Unknown, "files") {
		t.Errorf("unknown %v, want it to list files", got.Unknown)
	}
	want := Complete(h).Files
	n := len(got.Files)
	if n <= 280 || n >= 2000 {
		t.Fatalf("decoded %d files; want the head's and the tail's, more than 280", n)
	}
	// The first ones the head holds, then the last ones the tail holds.
	head := 0
	for head < n && reflect.DeepEqual(got.Files[head], want[head]) {
		head++
	}
	if head < 100 || !reflect.DeepEqual(got.Files[head:], want[len(want)-(n-head):]) {
		t.Errorf("decoded %d files: the first %d are the list's first; the rest are not its last", n, head)
	}
}

// TestAnAppendedSetsTrailerDoesNotCompleteTheFirstSetsList: with two backup
// sets in one file the tail holds the second set's trailer. Its list (here
// the same database after one more file was added) must not complete the
// first set's, even though its records continue the first set's.
func TestAnAppendedSetsTrailerDoesNotCompleteTheFirstSetsList(t *testing.T) {
	first := bakhdr.Header{DatabaseName: "Big", Version: "16.0.1000", Files: manyFiles("Big", 400)}
	second := first
	second.BackupType, second.BackupStart = bakhdr.TypeLog, "2024-01-01T02:00:00"
	second.Files = append(slices.Clone(first.Files), dataFile("Big_new", "Data", 1<<20))
	got, err := decode(SynthesizeSets([]bakhdr.Header{first, second}, 4<<20))
	if err != nil {
		t.Fatal(err)
	}
	if got.BackupSets != 2 || len(got.Files) >= 400 || !slices.Contains(got.Unknown, "files") {
		t.Errorf("%d sets, %d files, unknown %v; want 2 sets and the first set's list incomplete", got.BackupSets, len(got.Files), got.Unknown)
	}
}

// TestFileTypesWithoutKnownCodesCannotBeSynthesized: FILESTREAM, full-text
// and memory-optimized containers have no sample, so their SFIN codes are
// unknown; writing one would be a guess the decoder then "confirms".
func TestFileTypesWithoutKnownCodesCannotBeSynthesized(t *testing.T) {
	for _, typ := range []string{bakhdr.FileFilestream, bakhdr.FileFulltext, bakhdr.FileXTP, ""} {
		h := bakhdr.Header{DatabaseName: "Docs", Files: []bakhdr.DatabaseFile{
			{LogicalName: "Docs", PhysicalName: `D:\Docs.mdf`, Type: bakhdr.FileData},
			{LogicalName: "Docs_fs", PhysicalName: `D:\Docs_fs`, Type: typ, Filegroup: "FS"},
		}}
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "only data and log files") {
					t.Errorf("type %q: Synthesize panicked with %v, want a refusal naming the known types", typ, r)
				}
			}()
			Synthesize(h, 64<<10)
		}()
	}
}
