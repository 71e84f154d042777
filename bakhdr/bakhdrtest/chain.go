package bakhdrtest

import (
	"fmt"
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
// backups, with a restorable LSN chain: the first log starts at the full's
// FirstLSN, each log's FirstLSN is the previous one's LastLSN, logs and the
// diff carry the full's CheckpointLSN as DatabaseBackupLSN, and the diff's
// DifferentialBaseGUID is the full's BackupSetGUID. Names follow dbatools'
// DB_yyyyMMddHHmm pattern, with .bak for full and diff and .trn for logs.
func Chain(db string, n int, opts ...ChainOption) []Backup {
	c := chainConfig{server: DefaultServer, version: DefaultVersion, interval: 15 * time.Minute, vlf: 40}
	c.start, _ = parseTime(DefaultStart)
	for _, o := range opts {
		o(&c)
	}
	at := func(k int) lsn {
		// Each backup spans 8 log blocks; a VLF holds 1000 of them.
		return lsn{c.vlf + uint32(k/1000), 16 + uint32(k%1000)*8, 1}
	}
	when := func(k int) time.Time { return c.start.Add(time.Duration(k) * c.interval) }
	mk := func(typ string, k int, first, last, ckpt, dbBackup lsn, diffBase string) Backup {
		h := Complete(bakhdr.Header{
			DatabaseName: db, ServerName: c.server, BackupType: typ, Version: c.version,
			HasChecksums: c.checksums,
			FirstLSN:     first.String(), LastLSN: last.String(), CheckpointLSN: ckpt.String(),
			DatabaseBackupLSN: dbBackup.String(), DifferentialBaseGUID: diffBase,
			BackupStart: when(k).Format(timeLayout), BackupFinish: when(k).Add(time.Second).Format(timeLayout),
		})
		ext := ".bak"
		if typ == bakhdr.TypeLog {
			ext = ".trn"
		}
		size := c.size
		if size == 0 {
			size = MinSize(h)
		}
		return Backup{Name: fmt.Sprintf("%s_%s%s", db, when(k).Format("200601021504"), ext), Header: h, Size: size}
	}

	full := mk(bakhdr.TypeFull, 0, at(0), at(1), at(0), lsn{}, "")
	out := []Backup{full}
	k := 1
	if c.diff {
		out = append(out, mk(bakhdr.TypeDifferential, k, at(k), at(k+1), at(k), at(0), full.Header.BackupSetGUID))
		k++
	}
	prev := at(0)
	for i := 0; i < n; i++ {
		out = append(out, mk(bakhdr.TypeLog, k, prev, at(k+1), at(k), at(0), full.Header.BackupSetGUID))
		prev = at(k + 1)
		k++
	}
	return out
}
