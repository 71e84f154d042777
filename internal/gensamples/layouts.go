package main

import (
	"crypto/sha256"
	"fmt"
	"time"

	"github.com/baklint/baklint/bakhdr"
	"github.com/baklint/baklint/bakhdr/bakhdrtest"
)

// layout is one sample container: file paths (relative to the container
// root, with /) and their bytes.
type layout struct {
	name  string
	files func() map[string][]byte
}

// Sizes keep every file small while fulls stay larger than logs, as in life.
const (
	fullSize = 32 << 10
	diffSize = 16 << 10
)

// SQL Server 2012 headers restore on every target, so a layout shows only
// the rules it is about.
const (
	v2012 = "11.0.7001"
	v2014 = "12.0.4100"
	v2022 = "16.0.1000"
)

func layouts() []layout {
	return []layout{
		{"ola", ola},
		{"maintplan", maintplan},
		{"dbatools", dbatools},
		{"managed", managed},
		{"compliant", compliant},
		{"backupfolder", backupfolder},
		{"chains", chains},
		{"misnamed", misnamed},
	}
}

func day(h, m int) time.Time { return time.Date(2024, 1, 1, h, m, 0, 0, time.UTC) }

// sized gives fulls and diffs their sample sizes; logs keep the minimum.
func sized(b bakhdrtest.Backup) bakhdrtest.Backup {
	switch b.Header.BackupType {
	case "full":
		b.Size = fullSize
	case "differential":
		b.Size = diffSize
	}
	return b
}

// put adds a backup under a path whose file name the caller chooses.
func put(files map[string][]byte, path string, b bakhdrtest.Backup) {
	if _, dup := files[path]; dup {
		panic("gensamples: two samples at " + path)
	}
	files[path] = sized(b).Bytes()
}

// olaName is Ola Hallengren's file name:
// {Server}${Instance}_{Database}_{FULL|DIFF|LOG}_{yyyyMMdd}_{HHmmss}.{bak|trn}.
func olaName(serverInstance, db, kind string, t time.Time) string {
	ext := ".bak"
	if kind == "LOG" {
		ext = ".trn"
	}
	return fmt.Sprintf("%s_%s_%s_%s%s", serverInstance, db, kind, t.Format("20060102_150405"), ext)
}

// ola: Ola Hallengren's default tree, SERVER$INSTANCE/DB/FULL|DIFF|LOG/.
func ola() map[string][]byte {
	files := map[string][]byte{}
	for _, db := range []string{"Sales", "HR", "Inventory"} {
		b := bakhdrtest.NewBuilder(db, bakhdrtest.WithServer(`SQL01\PROD`), bakhdrtest.WithVersion(v2012), bakhdrtest.WithChecksums())
		dir := "SQL01$PROD/" + db + "/"
		put(files, dir+"FULL/"+olaName("SQL01$PROD", db, "FULL", day(1, 0)), b.Full(day(1, 0)))
		put(files, dir+"DIFF/"+olaName("SQL01$PROD", db, "DIFF", day(12, 0)), b.Diff(day(12, 0)))
		for h := 13; h <= 15; h++ {
			put(files, dir+"LOG/"+olaName("SQL01$PROD", db, "LOG", day(h, 0)), b.Log(day(h, 0)))
		}
	}
	return files
}

// maintplan: a Maintenance Plan writing two databases into one flat folder,
// DB_backup_yyyy_MM_dd_HHmmss_NNNNNNN.
func maintplan() map[string][]byte {
	files := map[string][]byte{}
	name := func(db string, t time.Time, n int, ext string) string {
		return fmt.Sprintf("nightly/%s_backup_%s_%07d%s", db, t.Format("2006_01_02_150405"), n, ext)
	}
	opts := []bakhdrtest.ChainOption{bakhdrtest.WithServer("SQL02"), bakhdrtest.WithVersion(v2012), bakhdrtest.WithChecksums()}
	sales := bakhdrtest.NewBuilder("Sales", opts...)
	hr := bakhdrtest.NewBuilder("HR", opts...)
	put(files, name("Sales", day(1, 0), 1234567, ".bak"), sales.Full(day(1, 0)))
	put(files, name("HR", day(1, 0), 7654321, ".bak"), hr.Full(day(1, 0)))
	put(files, name("Sales", day(2, 0), 1234568, ".trn"), sales.Log(day(2, 0)))
	return files
}

// dbatools: Backup-DbaDatabase's DB/DB_yyyyMMddHHmm names, with a stray
// text file, a zero-byte backup and one whose size is not a multiple of 512.
func dbatools() map[string][]byte {
	files := map[string][]byte{}
	b := bakhdrtest.NewBuilder("Payroll", bakhdrtest.WithServer("SQL03"), bakhdrtest.WithVersion(v2012), bakhdrtest.WithChecksums())
	put(files, "Payroll/Payroll_202401010100.bak", b.Full(day(1, 0)))
	put(files, "Payroll/Payroll_202401010200.trn", b.Log(day(2, 0)))
	files["Payroll/Payroll_202401010300.trn"] = []byte{}
	unaligned := b.Log(day(4, 0))
	unaligned.Size += 100
	files["Payroll/Payroll_202401010400.trn"] = unaligned.Bytes()
	files["Payroll/readme.txt"] = []byte("Payroll backups, taken by dbatools Backup-DbaDatabase.\nRestore the full, then the logs in order.\n")
	return files
}

// managed: SQL Server 2014 Managed Backup at the container root,
// DB_<database guid>_<yyyyMMddHHmmss>+00.bak|.log (times in UTC).
func managed() map[string][]byte {
	files := map[string][]byte{}
	const id = "2f7c1c0a5b3e4d0f9a8b7c6d5e4f3a2b"
	name := func(t time.Time, ext string) string {
		return fmt.Sprintf("Orders_%s_%s+00%s", id, t.Format("20060102150405"), ext)
	}
	b := bakhdrtest.NewBuilder("Orders", bakhdrtest.WithServer("SQLVM01"), bakhdrtest.WithVersion(v2014), bakhdrtest.WithChecksums())
	put(files, name(day(1, 0), ".bak"), b.Full(day(1, 0)))
	put(files, name(day(1, 15), ".log"), b.Log(day(1, 15)))
	put(files, name(day(1, 30), ".log"), b.Log(day(1, 30)))
	return files
}

// compliant: one flat folder per database, full chains, checksums, SQL 2012.
func compliant() map[string][]byte {
	files := map[string][]byte{}
	for _, c := range []struct {
		db   string
		diff bool
		logs int
	}{{"Sales", true, 3}, {"HR", false, 2}} {
		b := bakhdrtest.NewBuilder(c.db, bakhdrtest.WithServer(`SQL01\PROD`), bakhdrtest.WithVersion(v2012), bakhdrtest.WithChecksums())
		put(files, c.db+"/"+olaName("SQL01$PROD", c.db, "FULL", day(1, 0)), b.Full(day(1, 0)))
		if c.diff {
			put(files, c.db+"/"+olaName("SQL01$PROD", c.db, "DIFF", day(12, 0)), b.Diff(day(12, 0)))
		}
		for i := 0; i < c.logs; i++ {
			t := day(13+i, 0)
			put(files, c.db+"/"+olaName("SQL01$PROD", c.db, "LOG", t), b.Log(t))
		}
	}
	return files
}

// backupfolder: a folder named backup-prod (reserved word for LRS/MI, and
// two levels deep), and a database "sales" at the root beside "Sales".
func backupfolder() map[string][]byte {
	files := map[string][]byte{}
	opts := []bakhdrtest.ChainOption{bakhdrtest.WithServer("SQL04"), bakhdrtest.WithVersion(v2012), bakhdrtest.WithChecksums()}
	upper := bakhdrtest.NewBuilder("Sales", opts...)
	put(files, "backup-prod/Sales/SQL04_Sales_FULL_20240101_010000.bak", upper.Full(day(1, 0)))
	put(files, "backup-prod/Sales/SQL04_Sales_LOG_20240101_020000.trn", upper.Log(day(2, 0)))
	lower := bakhdrtest.NewBuilder("sales", append(opts, bakhdrtest.WithVLF(90))...)
	put(files, "sales/SQL04_sales_FULL_20240102_010000.bak", lower.Full(time.Date(2024, 1, 2, 1, 0, 0, 0, time.UTC)))
	return files
}

// chains: one flat folder per database, each breaking one chain rule.
func chains() map[string][]byte {
	files := map[string][]byte{}
	opts := func(more ...bakhdrtest.ChainOption) []bakhdrtest.ChainOption {
		return append([]bakhdrtest.ChainOption{bakhdrtest.WithServer("SQL05"), bakhdrtest.WithVersion(v2012), bakhdrtest.WithChecksums()}, more...)
	}
	name := func(db, kind string, t time.Time) string { return db + "/" + olaName("SQL05", db, kind, t) }

	broken := bakhdrtest.NewBuilder("Broken", opts()...)
	put(files, name("Broken", "FULL", day(1, 0)), broken.Full(day(1, 0)))
	put(files, name("Broken", "LOG", day(2, 0)), broken.Log(day(2, 0)))
	broken.Gap() // the 03:00 log is lost
	put(files, name("Broken", "LOG", day(4, 0)), broken.Log(day(4, 0)))
	put(files, name("Broken", "LOG", day(5, 0)), broken.Log(day(5, 0)))

	noFull := bakhdrtest.NewBuilder("NoFull", opts()...)
	noFull.Full(day(1, 0)) // taken, but not in the container
	put(files, name("NoFull", "DIFF", day(12, 0)), noFull.Diff(day(12, 0)))
	put(files, name("NoFull", "LOG", day(13, 0)), noFull.Log(day(13, 0)))
	put(files, name("NoFull", "LOG", day(14, 0)), noFull.Log(day(14, 0)))

	striped := bakhdrtest.NewBuilder("Striped", opts()...)
	full := bakhdrtest.Stripes(striped.Full(day(1, 0)), 2)
	full[0].Name = name("Striped", "FULL", day(1, 0))
	put(files, stripeName(full[0].Name, 1), full[0]) // family 2 of 2 is missing
	put(files, name("Striped", "LOG", day(2, 0)), striped.Log(day(2, 0)))

	stripedLog := bakhdrtest.NewBuilder("StripedLog", opts()...)
	put(files, name("StripedLog", "FULL", day(1, 0)), stripedLog.Full(day(1, 0)))
	for i, s := range bakhdrtest.Stripes(stripedLog.Log(day(2, 0)), 2) {
		put(files, stripeName(name("StripedLog", "LOG", day(2, 0)), i+1), s)
	}

	// WITH NOINIT appends: the full and the first log share one file.
	appended := bakhdrtest.NewBuilder("Appended", opts()...)
	sets := []bakhdr.Header{appended.Full(day(1, 0)).Header, appended.Log(day(2, 0)).Header}
	files[name("Appended", "FULL", day(1, 0))] = bakhdrtest.SynthesizeSets(sets, fullSize)

	files["Unreadable/garbage.bak"] = noise("Unreadable/garbage.bak", 8<<10)

	noChecksum := bakhdrtest.NewBuilder("NoChecksum", bakhdrtest.WithServer("SQL05"), bakhdrtest.WithVersion(v2012))
	put(files, name("NoChecksum", "FULL", day(1, 0)), noChecksum.Full(day(1, 0)))

	newVersion := bakhdrtest.NewBuilder("NewVersion", opts(bakhdrtest.WithVersion(v2022))...)
	put(files, name("NewVersion", "FULL", day(1, 0)), newVersion.Full(day(1, 0)))
	return files
}

// stripeName is Ola's name for stripe i: _i before the extension, e.g.
// SQL05_Striped_FULL_20240101_010000_1.bak.
func stripeName(p string, i int) string {
	ext := p[len(p)-4:]
	return fmt.Sprintf("%s_%d%s", p[:len(p)-4], i, ext)
}

// misnamed: a file named like HR's Maintenance Plan backup whose header
// says Sales, in Sales' folder: the header decides, the name must not.
func misnamed() map[string][]byte {
	files := map[string][]byte{}
	b := bakhdrtest.NewBuilder("Sales", bakhdrtest.WithServer("SQL06"), bakhdrtest.WithVersion(v2012), bakhdrtest.WithChecksums())
	put(files, "Sales/HR_backup_2024_01_01_010000_1234567.bak", b.Full(day(1, 0)))
	return files
}

// noise is deterministic bytes that are no backup: a SHA-256 counter stream.
func noise(seed string, n int) []byte {
	out := make([]byte, 0, n)
	for i := 0; len(out) < n; i++ {
		sum := sha256.Sum256([]byte(fmt.Sprintf("%s/%d", seed, i)))
		out = append(out, sum[:]...)
	}
	return out[:n]
}
