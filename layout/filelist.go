package layout

import (
	"fmt"
	"slices"

	"github.com/baklint/baklint/bakhdr"
)

// The file-list rules read a database's file list (what RESTORE
// FILELISTONLY returns) from its latest full backup's header: that is the
// backup DMS and LRS restore, and the list a differential or log backup
// repeats is the same database's, so each database is reported once, on
// its latest full, not once per backup file.

// fileList is the file list of database d's latest full backup: the
// index of that backup in Context.Files and its files. i is -1 when the
// database has no full backup in its chain, or its header lists no
// files. complete is false when the decoder could not read the whole list
// (it ran past the bytes read, or names a file of an unknown type): a
// count from it is then only a lower bound.
func (c *Context) fileList(d int) (i int, files []bakhdr.DatabaseFile, complete bool) {
	ch := c.chainOf(d)
	if ch.full < 0 {
		return -1, nil, false
	}
	h := c.Files[ch.full].Header
	if len(h.Files) == 0 {
		return -1, nil, false
	}
	return ch.full, h.Files, !slices.Contains(h.Unknown, "files")
}

// filesOfType keeps the files of one type.
func filesOfType(files []bakhdr.DatabaseFile, typ string) []bakhdr.DatabaseFile {
	var out []bakhdr.DatabaseFile
	for _, f := range files {
		if f.Type == typ {
			out = append(out, f)
		}
	}
	return out
}

// describeFiles names files for a message: logical name and physical path.
func describeFiles(files []bakhdr.DatabaseFile) string {
	items := make([]string, len(files))
	for i, f := range files {
		items[i] = fmt.Sprintf("%s (%s)", quote(f.LogicalName), f.PhysicalName)
	}
	return joinLimited(items)
}

// reportFileList records a finding about database d, on its latest full
// backup i, whose file list the message quotes.
func (c *Context) reportFileList(d, i int, message, remedy string) {
	f := c.Files[i]
	c.Report(Finding{Container: f.Container, Path: f.Path, Database: c.Databases[d].Name,
		Message: fmt.Sprintf("database %s: %s (file list of its latest full backup %s)", quote(c.Databases[d].Name), message, f.Name()),
		Remedy:  remedy})
}

// fileListCheck is the Check of a rule about the file list of each
// database's latest full backup: check sees database d, that backup i and
// its list, as fileList returns them; a database without one is skipped.
func fileListCheck(check func(c *Context, d, i int, files []bakhdr.DatabaseFile, complete bool)) func(*Context) {
	return databaseCheck(func(c *Context, d int, _ *DatabaseFiles) {
		if i, files, complete := c.fileList(d); i >= 0 {
			check(c, d, i, files, complete)
		}
	})
}

// reportFilesOfType reports every database whose latest full backup lists
// files of type typ; message has one %s, for the files.
func (c *Context) reportFilesOfType(typ, message, remedy string) {
	fileListCheck(func(c *Context, d, i int, files []bakhdr.DatabaseFile, _ bool) {
		if found := filesOfType(files, typ); len(found) > 0 {
			c.reportFileList(d, i, fmt.Sprintf(message, describeFiles(found)), remedy)
		}
	})(c)
}

// dataBytes is the size the restored database files of d take: the sum of
// the file sizes of its latest full backup's complete file list; 0 when it
// is not known.
func (c *Context) dataBytes(d int) int64 {
	_, files, complete := c.fileList(d)
	if !complete {
		return 0
	}
	var n int64
	for _, f := range files {
		n += f.Size
	}
	return n
}
