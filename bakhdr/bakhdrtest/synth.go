// Package bakhdrtest writes small, structurally valid, uncompressed native
// SQL Server backup files (Microsoft Tape Format) whose headers say exactly
// what a test asks for. It is the inverse of bakhdr.Decode, for tests,
// sample layouts and benchmarks: real backups cannot be made without a SQL
// Server, and the few public ones cannot show every case.
package bakhdrtest

import (
	"crypto/sha256"
	"fmt"
	"strings"
	"time"

	"github.com/baklint/baklint/bakhdr"
)

// Defaults used by Complete for fields left empty.
const (
	DefaultServer  = "SQL01"
	DefaultVersion = "11.0.7001" // SQL Server 2012 SP4: restorable on every target
	DefaultStart   = "2024-01-01T01:00:00"
)

// Complete returns h with every empty field filled deterministically, which
// is exactly the header that Synthesize(h, …) decodes to. Identity fields
// (media set, backup set GUID) are derived from the database name, backup
// type, start time and first LSN, so two stripes of one backup (same
// header, other FamilySequence) share them, as real stripes do.
func Complete(h bakhdr.Header) bakhdr.Header {
	if h.ServerName == "" {
		h.ServerName = DefaultServer
	}
	if h.MachineName == "" {
		h.MachineName, _, _ = strings.Cut(h.ServerName, `\`)
	}
	if h.BackupType == "" {
		h.BackupType = bakhdr.TypeFull
	}
	if h.Version == "" {
		h.Version = DefaultVersion
	}
	if h.Position == 0 {
		h.Position = 1
	}
	if h.BackupStart == "" {
		h.BackupStart = DefaultStart
	}
	if h.BackupFinish == "" {
		if t, err := parseTime(h.BackupStart); err == nil {
			h.BackupFinish = t.Add(time.Second).Format(timeLayout)
		}
	}
	if h.FirstLSN == "" {
		h.FirstLSN = FormatLSN(40, 16, 1)
	}
	if h.CheckpointLSN == "" {
		h.CheckpointLSN = h.FirstLSN
	}
	if h.LastLSN == "" {
		if l, err := parseLSN(h.FirstLSN); err == nil {
			h.LastLSN = lsn{l.vlf, l.block + 8, 1}.String()
		}
	}
	if h.DatabaseBackupLSN == "" {
		h.DatabaseBackupLSN = "0"
	}
	if h.FamilyCount == 0 {
		h.FamilyCount = 1
	}
	if h.FamilySequence == 0 {
		h.FamilySequence = 1
	}
	id := fmt.Sprintf("%s\x00%s\x00%s\x00%s\x00%s", h.ServerName, h.DatabaseName, h.BackupType, h.BackupStart, h.FirstLSN)
	if h.MediaSetID == "" {
		h.MediaSetID = derivedGUID("media set", id).String()
	}
	if h.BackupSetGUID == "" {
		h.BackupSetGUID = derivedGUID("backup set", id).String()
	}
	if h.DifferentialBaseGUID == "" {
		h.DifferentialBaseGUID = guid{}.String()
	}
	if h.BackupSets == 0 {
		h.BackupSets = 1
	}
	h.Files = completeFiles(h.Files)
	// The identity is the server's database: every backup of one database
	// on one server shares it unless the caller says otherwise (a copy
	// restored elsewhere keeps FamilyGUID and gets a new BindingID).
	if h.BindingID == "" {
		h.BindingID = derivedGUID("binding", h.ServerName+"\x00"+h.DatabaseName).String()
	}
	if h.FamilyGUID == "" {
		h.FamilyGUID = derivedGUID("family", h.ServerName+"\x00"+h.DatabaseName).String()
	}
	return h
}

// derivedGUID is a stable, well-formed (version 4 shaped) GUID for a name.
func derivedGUID(kind, name string) guid {
	sum := sha256.Sum256([]byte(kind + "\x00" + name))
	var g guid
	copy(g[:], sum[:16])
	g[7] = g[7]&0x0F | 0x40 // on disk Data3 is little-endian: high byte second
	g[8] = g[8]&0x3F | 0x80
	return g
}

// MinSize is the smallest size Synthesize accepts for h: the header blocks,
// one physical block of backup data and the trailer.
func MinSize(h bakhdr.Header) int64 {
	p, err := plan(Complete(h))
	if err != nil {
		panic(err)
	}
	return int64(p.fixed + minDataBlock)
}

// Synthesize returns an uncompressed backup of exactly size bytes whose
// header decodes to Complete(h). The file has the block sequence SQL Server
// writes with BLOCKSIZE 512: TAPE, SFMB, SSET, VOLB, MSCI (front SCIN),
// MSDA or MSTL (zeroed data), MSLS (trailer SCIN with the finish date),
// SFMB, ESET, ESET, SFMB. A size that is not a multiple of 512 gets zero
// bytes after the last block, as a truncated or appended-to upload would.
//
// It panics when h has a malformed field or size < MinSize(h): callers are
// tests, and a bad fixture is a bug in the test.
func Synthesize(h bakhdr.Header, size int64) []byte {
	h = Complete(h)
	p, err := plan(h)
	if err != nil {
		panic(err)
	}
	if h.Compressed {
		panic("bakhdrtest: compressed (MSSQLBAK) backups cannot be synthesized")
	}
	if h.BackupSets != 1 {
		panic("bakhdrtest: only files with one backup set can be synthesized")
	}
	aligned := int(size) &^ (physicalBlock - 1)
	dataSize := aligned - p.fixed
	if dataSize < minDataBlock {
		panic(fmt.Sprintf("bakhdrtest: size %d is below the minimum %d for database %q", size, p.fixed+minDataBlock, h.DatabaseName))
	}
	return p.write(dataSize, int(size)-aligned)
}

// SynthesizeSets returns a file of exactly size bytes holding several backup
// sets appended one after another (BACKUP … WITH NOINIT): set i gets
// Position i+1, whatever hs[i] says. Each set but the last has one block of
// data; the last takes the rest of the size. bakhdr.Decode reports the first
// set with BackupSets = len(hs); see AppendedHeader.
func SynthesizeSets(hs []bakhdr.Header, size int64) []byte {
	if len(hs) == 0 {
		panic("bakhdrtest: SynthesizeSets needs at least one header")
	}
	plans := make([]layout, len(hs))
	need := offSSET
	for i, h := range hs {
		h.Position, h.BackupSets = i+1, 1
		p, err := plan(Complete(h))
		if err != nil {
			panic(err)
		}
		if p.f.h.Compressed {
			panic("bakhdrtest: compressed (MSSQLBAK) backups cannot be synthesized")
		}
		plans[i] = p
		need += p.setFixed() + minDataBlock
	}
	aligned := int(size) &^ (physicalBlock - 1)
	if aligned < need {
		panic(fmt.Sprintf("bakhdrtest: size %d is below the minimum %d for %d backup sets", size, need, len(hs)))
	}
	out := make([]byte, 0, size)
	out = append(out, tapeBlock(plans[0].f)...)
	out = append(out, sfmb(nil)...)
	marks := []uint64{offSFMB}
	for i, p := range plans {
		data := minDataBlock
		if i == len(plans)-1 {
			data += aligned - need
		}
		out, marks = p.writeSet(out, data, marks)
	}
	return append(out, make([]byte, int(size)-aligned)...)
}

// AppendedHeader is the header bakhdr.Decode gives for SynthesizeSets(hs):
// the first set's front copy, so no finish date (the trailer in the tail
// belongs to the last set) and, on SQL Server 2019+ fulls, the preliminary
// LSNs; Unknown names them (see bakhdr.Header.Unknown).
func AppendedHeader(hs []bakhdr.Header) bakhdr.Header {
	h := hs[0]
	h.Position, h.BackupSets = 1, 1
	h = Complete(h)
	if len(hs) == 1 {
		return h
	}
	f, err := parseFields(h)
	if err != nil {
		panic(err)
	}
	if f.v.major >= 15 && f.typeChar == 'D' {
		h.FirstLSN, h.LastLSN, h.CheckpointLSN = earlier(f.first).String(), earlier(f.last).String(), earlier(f.ckpt).String()
	}
	h.BackupFinish = ""
	h.BackupSets = len(hs)
	h.Unknown = []string{"backup_finish"}
	if f.v.major >= 15 {
		h.Unknown = []string{"first_lsn", "last_lsn", "checkpoint_lsn", "backup_finish"}
	}
	return h
}
