package fix

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/blobscan/azstore"
	"github.com/baklint/baklint/internal/azurite"
)

// With many moves running, streamed copies hold no more buffer bytes than
// the budget: memory, not --concurrency, bounds an apply. (Server-side
// copies hold none; Azurite makes these conversions stream.)
func TestStreamedMovesHoldNoMoreThanTheMemoryBudget(t *testing.T) {
	ctx := context.Background()
	e := azurite.Get(t)
	data := map[string][]byte{}
	for i := range 12 {
		b := make([]byte, 2<<20) // no zero range, which a page copy skips
		for j := range b {
			b[j] = byte(j/512 + i + 1)
		}
		data[fmt.Sprintf("SRV$I/db%d/FULL/db%d.bak", i, i)] = b
	}
	const rangeSize = 256 << 10
	for _, tc := range []struct {
		name  string
		limit int64
	}{{"a budget of 3 ranges", 3 * rangeSize}, {"a budget of 10 ranges", 10 * rangeSize}} {
		t.Run(tc.name, func(t *testing.T) {
			src := seed(t, e, data)
			tr := &inflightPages{c: azstoreHTTPClient()}
			dst := azContainer(t, e.BlobEndpoint, e.NewContainer(t), tr)
			d := Plan(dbInventory(t, src), vm2014, Dest{Display: dst.Location()}, PlanOptions{})
			budget := blobscan.NewBudget(tc.limit)
			s, err := Apply(ctx, d, src, dst, ApplyOptions{Concurrency: 12, RangeSize: rangeSize, RangeConcurrency: 4, Budget: budget})
			if err != nil || s.Converted != len(data) || !s.Streamed {
				t.Fatalf("%+v %v", s, err)
			}
			// Unbounded, 12 moves × (4 in flight + 1 being read) ranges.
			if p := budget.Peak(); p > tc.limit || p < rangeSize {
				t.Errorf("peak %d bytes of buffers with a budget of %d", p, tc.limit)
			}
			// What the service saw: never more ranges being written at once
			// than the budget holds, and more than one when it holds more.
			if m := tr.max.Load() * rangeSize; m > tc.limit || (tc.limit >= 4*rangeSize && m < 2*rangeSize) {
				t.Errorf("up to %d Put Page requests in flight (%d bytes) with a budget of %d", tr.max.Load(), m, tc.limit)
			}
			want, got := contents(t, src), contents(t, dst)
			for _, m := range d.Moves {
				if got[m.To].SHA256 != want[m.From].SHA256 {
					t.Errorf("%s differs from its source %s", m.To, m.From)
				}
			}
		})
	}
}

// inflightPages counts the Put Page requests with data in flight at once.
type inflightPages struct {
	c        *http.Client
	cur, max atomic.Int64
}

func (p *inflightPages) Do(r *http.Request) (*http.Response, error) {
	if r.Method != http.MethodPut || r.URL.Query().Get("comp") != "page" || r.ContentLength <= 0 {
		return p.c.Do(r)
	}
	n := p.cur.Add(1)
	for m := p.max.Load(); n > m && !p.max.CompareAndSwap(m, n); m = p.max.Load() {
	}
	defer p.cur.Add(-1)
	return p.c.Do(r)
}

func azstoreHTTPClient() *http.Client { return azstore.NewHTTPClient(32) }
