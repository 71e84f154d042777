package fix

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/baklint/baklint/blobscan/azstore"
	"github.com/baklint/baklint/internal/azurite"
	"github.com/baklint/baklint/layout"
)

// throttling answers the first attempt of every distinct request with a
// throttling status, rotating 503 Server Busy, 500 and 429, and lets its
// retry through: every request is refused once, so a run finishes only by
// backing off and retrying as the service asks.
type throttling struct {
	next *http.Client
	mu   sync.Mutex
	seen map[string]bool
	hits map[int]int
	n    int
}

func (t *throttling) Do(req *http.Request) (*http.Response, error) {
	key := req.Method + " " + req.URL.String() + " " + req.Header.Get("x-ms-range") + req.Header.Get("Range")
	t.mu.Lock()
	first := !t.seen[key]
	t.seen[key] = true
	status := 0
	if first {
		status = []int{http.StatusServiceUnavailable, http.StatusInternalServerError, http.StatusTooManyRequests}[t.n%3]
		t.n++
		t.hits[status]++
	}
	t.mu.Unlock()
	if status == 0 {
		return t.next.Do(req)
	}
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		req.Body.Close()
	}
	code := map[int]string{503: "ServerBusy", 500: "InternalError", 429: "ServerBusy"}[status]
	h := http.Header{}
	h.Set("x-ms-error-code", code)
	h.Set("x-ms-retry-after-ms", "20")
	h.Set("Content-Type", "application/xml")
	body := fmt.Sprintf(`<?xml version="1.0" encoding="utf-8"?><Error><Code>%s</Code><Message>throttled by the test</Message></Error>`, code)
	return &http.Response{StatusCode: status, Status: fmt.Sprintf("%d %s", status, code), Header: h, Request: req,
		Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)), Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1}, nil
}

func TestApplyRidesOutThrottlingThroughTheSDKRetryPolicy(t *testing.T) {
	ctx := context.Background()
	e := azurite.Get(t)
	data := crashData(13)
	for _, target := range []layout.Target{vm2014, vm2019} { // conversion; Copy Blob
		t.Run(target.Name, func(t *testing.T) {
			src := seed(t, e, data)
			sums := map[string]string{}
			for p, st := range contents(t, src) {
				sums[p] = st.SHA256
			}
			tr := &throttling{next: azstore.NewHTTPClient(8), seen: map[string]bool{}, hits: map[int]int{}}
			tsrc := azContainer(t, e.BlobEndpoint, src.Name, tr)
			tdst := azContainer(t, e.BlobEndpoint, e.NewContainer(t), tr)
			plan := Plan(crashInventory(t, src), target, Dest{Display: tdst.Location()}, PlanOptions{})
			s, err := Apply(ctx, plan, tsrc, tdst, ApplyOptions{Concurrency: 3})
			if err != nil || !s.Complete() || s.Failed != 0 {
				t.Fatalf("a throttled run failed: %+v %v", s, err)
			}
			got := contents(t, tdst)
			for _, m := range plan.Moves {
				if got[m.To].SHA256 != sums[m.From] {
					t.Errorf("%s -> %s: destination %+v does not hold the source's bytes", m.From, m.To, got[m.To])
				}
			}
			tr.mu.Lock()
			defer tr.mu.Unlock()
			for _, code := range []int{503, 500, 429} {
				if tr.hits[code] == 0 {
					t.Errorf("no request was answered %d: the test did not throttle", code)
				}
			}
			t.Logf("%d moves finished through %d throttled requests %v", len(plan.Moves), tr.n, tr.hits)
		})
	}
}
