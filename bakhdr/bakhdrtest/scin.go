package bakhdrtest

import "time"

// SCIN offsets (doc §4.4), relative to the record start.
const (
	scinFlags        = 0x08
	scinBuild        = 0x18
	scinFirstLSN     = 0x20
	scinLastLSN      = 0x2A
	scinCheckpoint   = 0x34
	scinDBBackupLSN  = 0x3E
	scinCreated      = 0x48
	scinStart        = 0x4D
	scinFinish       = 0x52
	scinType         = 0x57
	scinCompat       = 0x5B
	scinDBVersion    = 0x5E
	scinBackupSize   = 0x60
	scinDBName       = 0x68
	scinServerName   = 0x6C
	scinBindingID    = 0x7C
	scinLastLSN2     = 0x90
	scinForkID       = 0x9C
	scinDiffBaseGUID = 0xC8
	scinCollation    = 0xD8
	scinFamilyGUID   = 0xE0
	scinChainStart   = 0xF8
	scinCompressed   = 0x158

	flagAlways       = 0x200
	flagChecksums    = 0x10
	flagDifferential = 0x800
)

// scin builds the SCIN record. The front copy (in MSCI) has no finish date,
// and on SQL Server 2019 and later full backups it carries preliminary LSNs
// that the trailer copy (in MSLS) corrects, as real files do: a reader that
// trusts the front copy gets those wrong.
func scin(f fields, front bool, backupSize uint64) []byte {
	fixed := 0x190
	if f.v.major <= 10 {
		fixed = 0x16C
	}
	db, server := utf16le(f.h.DatabaseName), utf16le(f.h.ServerName)
	b := make([]byte, fixed, fixed+len(db)+len(server))
	copy(b, "SCIN")

	flags := uint32(flagAlways)
	if f.h.HasChecksums {
		flags |= flagChecksums
	}
	if f.differential {
		flags |= flagDifferential
	}
	le.PutUint32(b[scinFlags:], flags)
	le.PutUint32(b[0x0C:], 1)
	le.PutUint32(b[0x10:], 1)
	le.PutUint16(b[scinBuild:], f.v.build)
	b[scinBuild+2] = f.v.minor
	b[scinBuild+3] = f.v.major
	le.PutUint32(b[0x1C:], 9)

	first, last, ckpt := f.first, f.last, f.ckpt
	if front && f.v.major >= 15 && f.typeChar == 'D' {
		first, last, ckpt = earlier(first), earlier(last), earlier(ckpt)
	}
	putLSN(b[scinFirstLSN:], first)
	putLSN(b[scinLastLSN:], last)
	putLSN(b[scinCheckpoint:], ckpt)
	putLSN(b[scinDBBackupLSN:], f.dbBackup)
	putLSN(b[scinLastLSN2:], last)
	putLSN(b[scinChainStart:], f.dbBackup)

	if !f.start.IsZero() {
		putDate(b[scinCreated:], f.start.Add(-30*24*time.Hour))
	}
	putDate(b[scinStart:], f.start)
	if !front {
		putDate(b[scinFinish:], f.finish)
	}
	b[scinType] = f.typeChar
	b[0x58] = 52 // sort order of SQL_Latin1_General_CP1_CI_AS
	b[0x59] = 1
	dbv, compat := dbVersion(f.v.major)
	b[scinCompat] = compat
	le.PutUint16(b[0x5C:], 5) // database id
	le.PutUint16(b[scinDBVersion:], dbv)
	le.PutUint64(b[scinBackupSize:], backupSize)
	le.PutUint64(b[scinCompressed:], backupSize) // uncompressed: equal sizes
	le.PutUint32(b[0x74:], 1033)
	le.PutUint32(b[0x78:], 196609)
	copy(b[scinBindingID:], f.bindingID[:])
	copy(b[scinForkID:], f.familyGUID[:])
	copy(b[scinDiffBaseGUID:], f.diffBase[:])
	le.PutUint32(b[scinCollation:], 0x00D00409)
	b[scinCollation+4] = 52
	copy(b[scinFamilyGUID:], f.familyGUID[:])

	le.PutUint16(b[scinDBName:], uint16(len(db)))
	le.PutUint16(b[scinDBName+2:], uint16(len(b)))
	b = append(b, db...)
	le.PutUint16(b[scinServerName:], uint16(len(server)))
	le.PutUint16(b[scinServerName+2:], uint16(len(b)))
	b = append(b, server...)
	le.PutUint32(b[4:], uint32(len(b)))
	return b
}

// earlier is a preliminary LSN a little before l, never below zero.
func earlier(l lsn) lsn {
	if l.block > 0 {
		return lsn{l.vlf, l.block - 1, 1}
	}
	return l
}
