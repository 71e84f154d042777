package layout

import (
	"fmt"
	"slices"
	"testing"

	"github.com/baklint/baklint/bakhdr"
)

// dataFile, logFile and typedFile make rows of a backup's file list.
func dataFile(logical, physical string, size int64) bakhdr.DatabaseFile {
	return bakhdr.DatabaseFile{LogicalName: logical, PhysicalName: physical, Type: bakhdr.FileData, Filegroup: "PRIMARY", Size: size}
}

func logFile(logical, physical string, size int64) bakhdr.DatabaseFile {
	return bakhdr.DatabaseFile{LogicalName: logical, PhysicalName: physical, Type: bakhdr.FileLog, Size: size}
}

func typedFile(typ, filegroup, logical, physical string) bakhdr.DatabaseFile {
	return bakhdr.DatabaseFile{LogicalName: logical, PhysicalName: physical, Type: typ, Filegroup: filegroup, Size: 1 << 20}
}

// withFiles gives the header a file list.
func withFiles(files ...bakhdr.DatabaseFile) fileOpt {
	return editHeader(func(h *bakhdr.Header) { h.Files = files })
}

// partialList marks the header's file list as read only in part.
func partialList() fileOpt {
	return editHeader(func(h *bakhdr.Header) { h.Unknown = append(h.Unknown, "files") })
}

// plainFiles is the usual list of database db: one data and one log file.
func plainFiles(db string) fileOpt {
	return withFiles(dataFile(db, `C:\SQL\DATA\`+db+".mdf", 8<<20), logFile(db+"_log", `C:\SQL\DATA\`+db+"_log.ldf", 8<<20))
}

// fullWith is the full backup Sales/full.bak of Sales with the given list.
func fullWith(files ...bakhdr.DatabaseFile) File {
	return headed("Sales/full.bak", "Sales", "full", lsn(20, 1, 1), lsn(20, 2, 1), withFiles(files...))
}

func TestDataBytesIsTheSumOfTheLatestFullBackupsFileSizes(t *testing.T) {
	older := headed("Sales/old.bak", "Sales", "full", lsn(10, 1, 1), lsn(10, 2, 1), withFiles(dataFile("Sales", `C:\Sales.mdf`, 1<<20)))
	latest := headed("Sales/new.bak", "Sales", "full", lsn(20, 1, 1), lsn(20, 2, 1),
		withFiles(dataFile("Sales", `C:\Sales.mdf`, 3<<20), logFile("Sales_log", `C:\Sales_log.ldf`, 2<<20)))
	logb := headed("Sales/log.trn", "Sales", "log", lsn(20, 2, 1), lsn(20, 3, 1), withFiles(dataFile("Sales", `C:\Sales.mdf`, 100<<20)))
	for _, tc := range []struct {
		name string
		inv  *Inventory
		want int64
	}{
		{"latest full, not an older one nor a log backup", inv(older, latest, logb), 5 << 20},
		{"no file list", inv(headed("Sales/a.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1))), 0},
		{"a list read only in part is not a size", inv(headed("Sales/a.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1), plainFiles("Sales"), partialList())), 0},
		{"no full backup", inv(logb), 0},
	} {
		res := Lint(tc.inv, mustTarget(t, "any"))
		if len(res.Databases) != 1 || res.Databases[0].DataBytes != tc.want {
			t.Errorf("%s: databases %+v, want one with data_bytes %d", tc.name, res.Databases, tc.want)
		}
	}
}

// fileListCheck hands a check only the databases whose latest full backup
// has a file list: none for a database with logs only, none for a full
// without a list.
func TestFileListCheckSeesOnlyDatabasesWithAFileList(t *testing.T) {
	c := newContext(inv(
		fullWith(dataFile("Sales", `C:\Sales.mdf`, 1)),
		headed("HR/log.trn", "HR", "log", lsn(20, 2, 1), lsn(20, 3, 1), withFiles(dataFile("HR", `C:\HR.mdf`, 1))),
		headed("Ops/full.bak", "Ops", "full", lsn(20, 1, 1), lsn(20, 2, 1)),
	), mustTarget(t, "any"))
	var seen []string
	fileListCheck(func(c *Context, d, i int, files []bakhdr.DatabaseFile, _ bool) {
		seen = append(seen, fmt.Sprintf("%s: %s, %d files", c.Databases[d].Name, c.Files[i].Path, len(files)))
	})(c)
	if want := []string{"Sales: Sales/full.bak, 1 files"}; !slices.Equal(seen, want) {
		t.Errorf("check saw %q, want %q", seen, want)
	}
}
