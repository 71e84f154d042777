package blobscan

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// fixedReader lists its objects in the order given, as a concurrent walk
// hands them over: not sorted.
type fixedReader struct {
	Reader
	container string
	objs      []Object
}

func (f fixedReader) Container() string { return f.container }
func (f fixedReader) List(_ context.Context, _ string, fn func(Object) error, _ func(string, error)) error {
	for _, o := range f.objs {
		if err := fn(o); err != nil {
			return err
		}
	}
	return nil
}

func TestScanKeepsEveryFieldOfEveryObjectAcrossChunksSortedByContainerThenPath(t *testing.T) {
	t0 := time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.UTC)
	mk := func(n int, c string) []Object {
		var out []Object
		for i := range n {
			// Reversed, so the listing has to be sorted; more than a chunk.
			j := n - 1 - i
			o := Object{Path: fmt.Sprintf("%s/f%05d.bak", c, j), Size: int64(j), ETag: fmt.Sprintf(`"0x%X"`, j)}
			switch j % 4 {
			case 0:
				o.BlobType, o.Tier, o.LastModified, o.ContentMD5 = BlockBlob, TierCool, t0.Add(time.Duration(j)), []byte{1, 2, byte(j)}
			case 1:
				o.BlobType = PageBlob
			case 2:
				o.BlobType, o.Tier = BlockBlob, "SomeNewTier"
			}
			out = append(out, o)
		}
		return out
	}
	b := fixedReader{container: "b", objs: mk(1<<chunkBits+5, "b")}
	a := fixedReader{container: "a", objs: mk(7, "a")}
	got, err := Scan(context.Background(), []Reader{b, a}, ScanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var want []Scanned
	for _, r := range []fixedReader{a, b} {
		objs := slices.Clone(r.objs)
		slices.SortFunc(objs, func(x, y Object) int { return strings.Compare(x.Path, y.Path) })
		for _, o := range objs {
			want = append(want, Scanned{Container: r.container, Object: o})
		}
	}
	if len(got) != len(want) {
		t.Fatalf("scanned %d, want %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("object %d:\n got  %+v\n want %+v", i, got[i], want[i])
		}
	}
}
