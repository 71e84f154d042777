package layout

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/baklint/baklint/bakhdr"
	"github.com/baklint/baklint/blobscan"
)

// benchInventory is dbs databases × per files in flat folders: per
// database a full backup then a contiguous chain of log backups, all with
// headers, so every rule, the chain walk included, does its real work.
func benchInventory(dbs, per int) *Inventory {
	files := make([]File, 0, dbs*per)
	for d := range dbs {
		db := fmt.Sprintf("DB%04d", d)
		for i := range per {
			typ, name := bakhdr.TypeLog, fmt.Sprintf("%s/%s_%06d.trn", db, db, i)
			if i == 0 {
				typ, name = bakhdr.TypeFull, fmt.Sprintf("%s/%s_FULL.bak", db, db)
			}
			h := &bakhdr.Header{
				DatabaseName: db, BackupType: typ, Version: "13.0.5081", HasChecksums: true, Position: 1,
				FirstLSN: lsn(40, 10*i, 1), LastLSN: lsn(40, 10*i+10, 1), FamilyCount: 1, FamilySequence: 1,
			}
			files = append(files, File{Path: name, Size: 1 << 20, BlobType: BlockBlob, Tier: TierOf(blobscan.TierHot),
				Header: h, Database: db, AttributedBy: ByHeader, BackupType: BackupTypeOf(typ)})
		}
	}
	return &Inventory{Source: "bench", Container: "c", Files: files}
}

// BenchmarkLint lints a million files (1,000 databases × 1,000 files) for
// a VM target and for lrs, which adds the LRS rules.
func BenchmarkLint(b *testing.B) {
	in := benchInventory(1000, 1000)
	for _, name := range []string{"vm-2016", "lrs"} {
		b.Run(name, func(b *testing.B) { benchLint(b, in, mustTarget(b, name)) })
	}
}

// BenchmarkLintScales lints 10× more files each step: ns/file that grows
// no faster than log n backs the O(n log n) claim.
func BenchmarkLintScales(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000, 1000000} {
		in := benchInventory(n/1000, 1000)
		b.Run(fmt.Sprintf("files=%d", n), func(b *testing.B) { benchLint(b, in, mustTarget(b, "lrs")) })
	}
}

func benchLint(b *testing.B, in *Inventory, target Target) {
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var res *Result
	for b.Loop() {
		res = Lint(in, target)
	}
	runtime.ReadMemStats(&after)
	if res.Inventory.Files != len(in.Files) || res.Summary.Errors != 0 {
		b.Fatalf("unexpected result: %+v %+v", res.Inventory, res.Summary)
	}
	files := float64(b.N) * float64(len(in.Files))
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/files, "ns/file")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/files, "B/file")
}

// BenchmarkAttribute covers the name patterns, the costliest path.
func BenchmarkAttribute(b *testing.B) {
	paths := []string{
		`SQL01$PROD/Sales/LOG/SQL01$PROD_Sales_LOG_20240101_130000.trn`,
		"nightly/Sales_backup_2024_01_15_230001_1234567.trn",
		"Payroll/Payroll_202401010300.trn",
		"Orders_2f7c1c0a5b3e4d0f9a8b7c6d5e4f3a2b_20240101013000+00.log",
		"Sales/export.bak",
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range paths {
			f := File{Path: p}
			Attribute(&f)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(paths)), "ns/file")
}
