package bakhdrtest

import (
	"fmt"

	"github.com/baklint/baklint/bakhdr"
)

// The file list that follows SCIN in the MQCI stream: one SFGI record per
// filegroup, one SFIN per database file, laid out as SQL Server 2012+ does
// (docs/backup-file-list.md; 2008 R2 starts the strings earlier). Only what is established is written: the
// FILESTREAM, full-text and memory-optimized type codes are not known, so
// such files cannot be synthesized.

// Where SQL Server starts the SFIN strings and the SFGI name: 2012 and
// later, and 2008 R2 (major version 10).
const (
	sfinStrings, sfinStrings10 = 0x404, 0x400
	sfgiStrings, sfgiStrings10 = 0xE0, 0x30
)

const (
	primaryFilegroup = "PRIMARY"
	pageSize         = 8192
	unlimitedMaxSize = 0x1FFFFFFFE000 // FILELISTONLY's MaxSize of an unlimited data file
	defaultLogMax    = 2 << 40        // 2 TB, the default log MAXSIZE
)

// fileTypeCodes are the SFIN type codes seen on real backups.
var fileTypeCodes = map[string]uint32{bakhdr.FileData: 1, bakhdr.FileLog: 2}

// completeFiles gives data files without a filegroup the PRIMARY one, as
// CREATE DATABASE does. It copies: the caller's slice is not changed.
func completeFiles(files []bakhdr.DatabaseFile) []bakhdr.DatabaseFile {
	if files == nil {
		return nil
	}
	out := make([]bakhdr.DatabaseFile, len(files))
	for i, f := range files {
		if f.Type == bakhdr.FileData && f.Filegroup == "" {
			f.Filegroup = primaryFilegroup
		}
		out[i] = f
	}
	return out
}

// checkFiles rejects a file list the synthesizer cannot write faithfully.
func checkFiles(files []bakhdr.DatabaseFile) error {
	for i, f := range files {
		if _, ok := fileTypeCodes[f.Type]; !ok {
			return fmt.Errorf("file %d (%q): type %q: only data and log files can be synthesized; the codes of the others were not found in real backups", i+1, f.LogicalName, f.Type)
		}
		if f.Type == bakhdr.FileLog && f.Filegroup != "" {
			return fmt.Errorf("file %d (%q): a log file has no filegroup, got %q", i+1, f.LogicalName, f.Filegroup)
		}
		if f.Size < 0 || len(utf16le(f.LogicalName))+len(utf16le(f.PhysicalName)) > 0xFFFF-sfinStrings {
			return fmt.Errorf("file %d (%q): size or names out of range", i+1, f.LogicalName)
		}
	}
	return nil
}

// fileListRecords returns the SFGI and SFIN records of the MQCI stream.
// Filegroups get ids 1, 2, … in order of first use, PRIMARY always 1; files
// get ids 1, 2, … in the order given, so they decode in that order.
//
// Without files it writes the short PRIMARY record it always wrote, so the
// committed sample layouts (internal/gensamples) keep their bytes.
func fileListRecords(files []bakhdr.DatabaseFile, major uint8) []byte {
	sfinAt, sfgiAt := sfinStrings, sfgiStrings
	if major <= 10 || len(files) == 0 {
		sfinAt, sfgiAt = sfinStrings10, sfgiStrings10
	}
	groups := []string{primaryFilegroup}
	groupID := map[string]uint32{primaryFilegroup: 1}
	for _, f := range files {
		if g := f.Filegroup; g != "" && groupID[g] == 0 {
			groups = append(groups, g)
			groupID[g] = uint32(len(groups))
		}
	}
	var out []byte
	for i, g := range groups {
		out = append(out, sfgi(uint32(i+1), g, sfgiAt)...)
	}
	for i, f := range files {
		out = append(out, sfin(uint32(i+1), groupID[f.Filegroup], f, sfinAt)...)
	}
	return out
}

func sfgi(id uint32, name string, at int) []byte {
	n := utf16le(name)
	b := make([]byte, at, at+len(n))
	copy(b, "SFGI")
	le.PutUint32(b[4:], uint32(at+len(n)))
	le.PutUint32(b[8:], 0x10)
	le.PutUint32(b[12:], id)
	le.PutUint16(b[16:], uint16(len(n)))
	le.PutUint16(b[18:], uint16(at))
	le.PutUint32(b[20:], 1)
	return append(b, n...)
}

func sfin(id, group uint32, f bakhdr.DatabaseFile, at int) []byte {
	logical, physical := utf16le(f.LogicalName), utf16le(f.PhysicalName)
	b := make([]byte, at, at+len(logical)+len(physical))
	copy(b, "SFIN")
	le.PutUint32(b[4:], uint32(len(b)+len(logical)+len(physical)))
	flags, maxSize := uint32(0x4), uint64(unlimitedMaxSize)
	if f.Type == bakhdr.FileLog {
		flags, maxSize = 0xC, defaultLogMax
	}
	le.PutUint32(b[0x08:], flags)
	le.PutUint32(b[0x10:], pageSize)
	le.PutUint32(b[0x14:], id)
	le.PutUint32(b[0x1C:], fileTypeCodes[f.Type])
	le.PutUint32(b[0x20:], physicalBlock) // source block size
	le.PutUint32(b[0x24:], group)
	le.PutUint64(b[0x28:], uint64(f.Size))
	le.PutUint64(b[0x56:], maxSize)
	le.PutUint16(b[0x30:], uint16(len(logical)))
	le.PutUint16(b[0x32:], uint16(at))
	le.PutUint16(b[0x34:], uint16(len(physical)))
	le.PutUint16(b[0x36:], uint16(at+len(logical)))
	b = append(b, logical...)
	return append(b, physical...)
}
