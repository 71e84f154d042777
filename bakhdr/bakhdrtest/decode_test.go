package bakhdrtest

import (
	"reflect"
	"strconv"
	"testing"

	"github.com/baklint/baklint/bakhdr"
)

// decode reads a synthetic file the way the scanner reads a blob: a head
// and a tail range of at most DefaultHeadBytes/DefaultTailBytes each.
func decode(data []byte) (*bakhdr.Header, error) {
	n := int64(len(data))
	head := data[:min(n, bakhdr.DefaultHeadBytes)]
	tail := data[n-min(n, bakhdr.DefaultTailBytes):]
	return bakhdr.Decode(head, tail, n)
}

func TestSynthesizedFilesDecodeToTheRequestedHeader(t *testing.T) {
	for _, tc := range headerCases() {
		t.Run(tc.name, func(t *testing.T) {
			// Sizes: the minimum, a sample-sized file, one not a multiple of
			// 512, and one larger than head+tail so the two ranges do not
			// overlap.
			for _, size := range []int64{MinSize(tc.h), 64 << 10, 64<<10 + 123, 1<<20 + 512} {
				got, err := decode(Synthesize(tc.h, size))
				if err != nil {
					t.Fatalf("size %d: %v", size, err)
				}
				if want := Complete(tc.h); !reflect.DeepEqual(*got, want) {
					t.Errorf("size %d: decoded\n%+v\nwant\n%+v", size, *got, want)
				}
			}
		})
	}
}

func TestChainDecodesToItsHeaders(t *testing.T) {
	for _, b := range Chain("Sales", 3, WithDiff(), WithVersion("16.0.1000")) {
		got, err := decode(b.Bytes())
		if err != nil {
			t.Fatalf("%s: %v", b.Name, err)
		}
		if !reflect.DeepEqual(*got, b.Header) {
			t.Errorf("%s: decoded\n%+v\nwant\n%+v", b.Name, *got, b.Header)
		}
	}
}

func BenchmarkSynthesize(b *testing.B) {
	h := Complete(bakhdr.Header{DatabaseName: "Sales"})
	for _, size := range []int64{MinSize(h), 1 << 20} {
		b.Run(byteCount(size), func(b *testing.B) {
			b.SetBytes(size)
			for b.Loop() {
				Synthesize(h, size)
			}
		})
	}
}

func byteCount(n int64) string {
	if n >= 1<<20 {
		return strconv.FormatInt(n>>20, 10) + "MiB"
	}
	return strconv.FormatInt(n, 10) + "B"
}

func TestAppendedBackupSetsDecodeAsTheFirstSetWithTheSetCount(t *testing.T) {
	chain := Chain("Sales", 2)
	cases := []struct {
		name string
		hs   []bakhdr.Header
	}{
		{"one set", []bakhdr.Header{chain[0].Header}},
		{"full then two logs", []bakhdr.Header{chain[0].Header, chain[1].Header, chain[2].Header}},
		{"two 15.0 fulls", []bakhdr.Header{
			{DatabaseName: "Nightly", Version: "15.0.2000", BackupStart: "2024-01-01T01:00:00"},
			{DatabaseName: "Nightly", Version: "15.0.2000", BackupStart: "2024-01-02T01:00:00"},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, size := range []int64{64 << 10, 1<<20 + 7} {
				got, err := decode(SynthesizeSets(tc.hs, size))
				if err != nil {
					t.Fatalf("size %d: %v", size, err)
				}
				if want := AppendedHeader(tc.hs); !reflect.DeepEqual(*got, want) {
					t.Errorf("size %d: decoded\n%+v\nwant\n%+v", size, *got, want)
				}
			}
		})
	}
}
