package bakhdr

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/baklint/baklint/internal/benchhook"
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

// The bench's baseline (decode without the file list, reached through
// internal/benchhook) must differ from Decode by the file list alone, or
// the cost it measures is not the file list's.
func TestTheBenchBaselineSkipsTheFileListAndNothingElse(t *testing.T) {
	requireSamples(t)
	if benchhook.DecodeWithoutFileList == nil {
		t.Fatal("bakhdr did not register the bench's baseline")
	}
	for _, m := range loadManifest(t) {
		head, tail, size := readEnds(t, filepath.Join(backupsDir, m.File), DefaultHeadBytes, DefaultTailBytes)
		with, err := Decode(head, tail, size)
		if err != nil {
			t.Fatalf("%s: %v", m.File, err)
		}
		without, err := decode(head, tail, size, false)
		if err != nil || benchhook.DecodeWithoutFileList(head, tail, size) != nil {
			t.Fatalf("%s without the file list: %v", m.File, err)
		}
		if len(with.Files) == 0 || without.Files != nil {
			t.Errorf("%s: %d files with the list, %d without", m.File, len(with.Files), len(without.Files))
		}
		without.Files = with.Files
		if !reflect.DeepEqual(without, with) {
			t.Errorf("%s: the headers differ beyond the file list:\n%+v\n%+v", m.File, *without, *with)
		}
	}
}
