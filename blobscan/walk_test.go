package blobscan

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fanTree is a tree where every folder above depth has `fan` subfolders.
func fanVisit(fan, depth int, visited *sync.Map, running, peak *atomic.Int32) func(context.Context, string, func(string)) error {
	return func(ctx context.Context, folder string, push func(string)) error {
		n := running.Add(1)
		defer running.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		if _, dup := visited.LoadOrStore(folder, true); dup {
			return fmt.Errorf("%s visited twice", folder)
		}
		time.Sleep(time.Millisecond) // let visits overlap
		if d := depthOf(folder); d < depth {
			for i := 0; i < fan; i++ {
				push(fmt.Sprintf("%s%d/", folder, i))
			}
		}
		return nil
	}
}

func depthOf(folder string) int {
	d := 0
	for _, c := range folder {
		if c == '/' {
			d++
		}
	}
	return d
}

func TestWalkFoldersVisitsEveryFolderOnceWithinTheLimit(t *testing.T) {
	for _, limit := range []int{1, 2, 7, 64} {
		t.Run(fmt.Sprint("limit ", limit), func(t *testing.T) {
			var visited sync.Map
			var running, peak atomic.Int32
			// 1 + 6 + 36 + 216 folders.
			if err := Walk(context.Background(), limit, "", fanVisit(6, 3, &visited, &running, &peak)); err != nil {
				t.Fatal(err)
			}
			n := 0
			visited.Range(func(any, any) bool { n++; return true })
			if n != 259 {
				t.Errorf("visited %d folders, want 259", n)
			}
			if p := int(peak.Load()); p > limit || (limit > 1 && p < 2) {
				t.Errorf("peak concurrency %d with limit %d", p, limit)
			}
		})
	}
}

func TestWalkFoldersStopsOnTheFirstError(t *testing.T) {
	boom := errors.New("boom")
	var visits atomic.Int32
	err := Walk(context.Background(), 4, "", func(ctx context.Context, folder string, push func(string)) error {
		if visits.Add(1) == 5 {
			return boom
		}
		if folder == "" {
			for i := 0; i < 1000; i++ {
				push(fmt.Sprintf("%d/", i))
			}
		}
		return ctx.Err()
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Walk = %v, want boom", err)
	}
	if v := visits.Load(); v > 100 {
		t.Errorf("%d folders visited after the error; the walk should stop", v)
	}
}
