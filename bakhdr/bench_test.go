package bakhdr

import (
	"path/filepath"
	"testing"
)

// BenchmarkDecode decodes the manifest's sample files from default-sized
// head and tail reads held in memory, one file per operation, so allocs/op
// is allocations per file.
func BenchmarkDecode(b *testing.B) {
	requireSamples(b)
	type sample struct {
		head, tail []byte
		size       int64
	}
	groups := map[string][]sample{}
	for _, m := range loadManifest(b) {
		head, tail, size := readEnds(b, filepath.Join(backupsDir, m.File), DefaultHeadBytes, DefaultTailBytes)
		kind := "plain"
		if m.Container == "MSSQLBAK" {
			kind = "compressed"
		}
		groups[kind] = append(groups[kind], sample{head, tail, size})
	}
	for _, kind := range []string{"plain", "compressed"} {
		files := groups[kind]
		b.Run(kind, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				s := files[i%len(files)]
				if _, err := Decode(s.head, s.tail, s.size); err != nil {
					b.Fatal(err)
				}
				i++
			}
			b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "files/s")
		})
	}
}
