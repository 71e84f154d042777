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

// TestAFileListLongerThanTheHeadReadIsMarkedIncomplete: 300 files need
// more than the 256 KiB head read; the decoder keeps what fits and lists
// "files" as unknown instead of asking for another read.
func TestAFileListLongerThanTheHeadReadIsMarkedIncomplete(t *testing.T) {
	files := []bakhdr.DatabaseFile{dataFile("Big", "", 1<<30), logFile("Big_log", 1<<30)}
	for i := range 298 {
		files = append(files, dataFile(fmt.Sprintf("Big_%03d", i), "Data", 1<<30))
	}
	h := bakhdr.Header{DatabaseName: "Big", Version: "16.0.1000", Files: files}
	data := Synthesize(h, 4<<20)
	got, err := decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(got.Files); n < 100 || n >= len(files) {
		t.Errorf("decoded %d of %d files, want the part that fits in the head", n, len(files))
	}
	if !slices.Contains(got.Unknown, "files") {
		t.Errorf("unknown %v, want it to list files", got.Unknown)
	}
	want := Complete(h)
	if !reflect.DeepEqual(got.Files, want.Files[:len(got.Files)]) {
		t.Errorf("the files decoded are not the first ones written")
	}
	whole, err := bakhdr.Decode(data, nil, int64(len(data)))
	if err != nil || !reflect.DeepEqual(whole.Files, want.Files) || slices.Contains(whole.Unknown, "files") {
		t.Errorf("whole file: %d files, unknown %v, err %v; want all %d", len(whole.Files), whole.Unknown, err, len(files))
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
