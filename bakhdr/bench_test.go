package bakhdr

import (
	"path/filepath"
	"testing"
)

// BenchmarkDecode decodes the manifest's sample files from default-sized
// head and tail reads held in memory, one file per operation, so allocs/op
// is allocations per file. Each kind runs with and without the file list
// (the only work the file list adds), the baseline its cost is judged
// against in the same run: go test -bench Decode -count 10 ./bakhdr | benchstat.
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
		for _, v := range []struct {
			name      string
			withFiles bool
		}{{"with-file-list", true}, {"without-file-list", false}} {
			b.Run(kind+"/"+v.name, func(b *testing.B) {
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					s := files[i%len(files)]
					h, err := decode(s.head, s.tail, s.size, v.withFiles)
					if err != nil {
						b.Fatal(err)
					}
					if (len(h.Files) > 0) != v.withFiles {
						b.Fatalf("file list decoded: %v, want %v", len(h.Files) > 0, v.withFiles)
					}
					i++
				}
				b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "files/s")
			})
		}
	}
}
