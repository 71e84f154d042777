package bakhdrtest

import (
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/baklint/baklint/bakhdr"
)

// Backup is one synthetic backup file: a suggested file name, the header it
// decodes to (already Complete) and its size. Bytes are made on demand so a
// benchmark can hold thousands of them cheaply.
type Backup struct {
	Name   string
	Header bakhdr.Header
	Size   int64
}

// Bytes synthesizes the file.
func (b Backup) Bytes() []byte { return Synthesize(b.Header, b.Size) }

// ChainOption adjusts Chain.
type ChainOption func(*chainConfig)

type chainConfig struct {
	server    string
	version   string
	start     time.Time
	interval  time.Duration
	checksums bool
	diff      bool
	size      int64
	vlf       uint32
}

// WithServer sets the server\instance name (default DefaultServer).
func WithServer(s string) ChainOption { return func(c *chainConfig) { c.server = s } }

// WithVersion sets the SQL Server version (default DefaultVersion).
func WithVersion(v string) ChainOption { return func(c *chainConfig) { c.version = v } }

// WithStart sets when the full backup starts (default DefaultStart).
func WithStart(t time.Time) ChainOption { return func(c *chainConfig) { c.start = t } }

// WithInterval sets the time between consecutive backups (default 15 minutes).
func WithInterval(d time.Duration) ChainOption { return func(c *chainConfig) { c.interval = d } }

// WithChecksums marks every backup as taken WITH CHECKSUM.
func WithChecksums() ChainOption { return func(c *chainConfig) { c.checksums = true } }

// WithDiff adds a differential backup between the full and the first log.
func WithDiff() ChainOption { return func(c *chainConfig) { c.diff = true } }

// WithSize sets every file's size in bytes (default: the smallest multiple
// of 512 that holds the headers, about 10 KiB).
func WithSize(n int64) ChainOption { return func(c *chainConfig) { c.size = n } }

// WithVLF sets the VLF sequence number the chain's LSNs start in (default
// 40), so two chains of one database can be told apart.
func WithVLF(v uint32) ChainOption { return func(c *chainConfig) { c.vlf = v } }

// Chain returns a full backup of db, optionally a differential, then n log
// backups, with a restorable LSN chain (see Builder), one every interval
// from the start time. Names follow dbatools' DB_yyyyMMddHHmm pattern, with
// .bak for full and diff and .trn for logs.
func Chain(db string, n int, opts ...ChainOption) []Backup {
	b := NewBuilder(db, opts...)
	out := []Backup{b.Full(time.Time{})}
	if b.cfg.diff {
		out = append(out, b.Diff(time.Time{}))
	}
	for i := 0; i < n; i++ {
		out = append(out, b.Log(time.Time{}))
	}
	return out
}

// Builder makes the backups of one database in the order they were taken,
// keeping the LSNs SQL Server would write: a log's FirstLSN is the previous
// log's LastLSN (the first log after a full starts at the full's FirstLSN),
// logs and diffs carry the latest full's CheckpointLSN as DatabaseBackupLSN
// and its BackupSetGUID as DifferentialBaseGUID.
type Builder struct {
	cfg      chainConfig
	db       string
	k        int // backups made so far: drives LSNs and default times
	logFrom  lsn // FirstLSN of the next log
	fullCkpt lsn // CheckpointLSN of the latest full
	fullGUID string
}

// NewBuilder starts the backup history of db. WithDiff has no effect here.
func NewBuilder(db string, opts ...ChainOption) *Builder {
	c := chainConfig{server: DefaultServer, version: DefaultVersion, interval: 15 * time.Minute, vlf: 40}
	c.start, _ = parseTime(DefaultStart)
	for _, o := range opts {
		o(&c)
	}
	return &Builder{cfg: c, db: db}
}

// Full takes a full backup at start (zero: the next slot of the interval).
func (b *Builder) Full(start time.Time) Backup {
	bk := b.make(bakhdr.TypeFull, start, b.at(b.k), b.at(b.k+1), b.at(b.k), lsn{}, "")
	b.logFrom, b.fullCkpt, b.fullGUID = b.at(b.k), b.at(b.k), bk.Header.BackupSetGUID
	b.k++
	return bk
}

// Diff takes a differential backup based on the latest full.
func (b *Builder) Diff(start time.Time) Backup {
	bk := b.make(bakhdr.TypeDifferential, start, b.at(b.k), b.at(b.k+1), b.at(b.k), b.fullCkpt, b.fullGUID)
	b.k++
	return bk
}

// Log takes a log backup that continues the chain.
func (b *Builder) Log(start time.Time) Backup {
	if b.logFrom.isZero() {
		b.logFrom = b.at(b.k)
	}
	bk := b.make(bakhdr.TypeLog, start, b.logFrom, b.at(b.k+1), b.at(b.k), b.fullCkpt, b.fullGUID)
	b.logFrom = b.at(b.k + 1)
	b.k++
	return bk
}

// Gap loses the log records of one backup interval, as a deleted or missing
// log backup would: the next Log does not continue the previous one.
func (b *Builder) Gap() {
	if b.logFrom.isZero() {
		b.logFrom = b.at(b.k)
	}
	b.logFrom = b.at(b.k + 1)
	b.k += 2
}

// Stripes splits a backup over n files: the same header with FamilyCount n
// and FamilySequence 1..n, names suffixed _1…_n before the extension.
func Stripes(bk Backup, n int) []Backup {
	out := make([]Backup, n)
	ext := path.Ext(bk.Name)
	for i := range out {
		s := bk
		s.Header.FamilyCount, s.Header.FamilySequence = n, i+1
		s.Name = fmt.Sprintf("%s_%d%s", strings.TrimSuffix(bk.Name, ext), i+1, ext)
		out[i] = s
	}
	return out
}

// at maps a backup's ordinal to an LSN: each backup spans 8 log blocks and
// a VLF holds 1000 of them, so long chains cross VLFs in order.
func (b *Builder) at(k int) lsn {
	return lsn{b.cfg.vlf + uint32(k/1000), 16 + uint32(k%1000)*8, 1}
}

func (b *Builder) make(typ string, start time.Time, first, last, ckpt, dbBackup lsn, diffBase string) Backup {
	c := b.cfg
	if start.IsZero() {
		start = c.start.Add(time.Duration(b.k) * c.interval)
	}
	h := Complete(bakhdr.Header{
		DatabaseName: b.db, ServerName: c.server, BackupType: typ, Version: c.version,
		HasChecksums: c.checksums,
		FirstLSN:     first.String(), LastLSN: last.String(), CheckpointLSN: ckpt.String(),
		DatabaseBackupLSN: dbBackup.String(), DifferentialBaseGUID: diffBase,
		BackupStart: start.Format(timeLayout), BackupFinish: start.Add(time.Second).Format(timeLayout),
	})
	ext := ".bak"
	if typ == bakhdr.TypeLog {
		ext = ".trn"
	}
	size := c.size
	if size == 0 {
		size = MinSize(h)
	}
	return Backup{Name: fmt.Sprintf("%s_%s%s", b.db, start.Format("200601021504"), ext), Header: h, Size: size}
}
