package main

import (
	"bufio"
	"cmp"
	"net/http"
	"os"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/baklint/baklint/internal/fakeblob"
	"github.com/baklint/baklint/internal/iocount"
)

// span measures wall and CPU time of fn.
type span struct{ wall, cpu time.Duration }

func measure(fn func() error) (span, error) {
	runtime.GC()
	c0, t0 := cpuTime(), time.Now()
	err := fn()
	return span{wall: time.Since(t0), cpu: cpuTime() - c0}, err
}

// median is the middle of v, the upper of the two middle values for an
// even count; v keeps its order.
func median[T cmp.Ordered](v []T) T {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}

// peakRSS is the process's high-water resident set (VmHWM), in bytes.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n << 10
		}
	}
	return 0
}

// heapSampler records the peak of the Go heap (live and not yet collected
// objects) while it runs.
type heapSampler struct {
	stop chan struct{}
	done chan struct{}
	peak atomic.Uint64
}

func sampleHeap() *heapSampler {
	h := &heapSampler{stop: make(chan struct{}), done: make(chan struct{})}
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		defer close(h.done)
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > h.peak.Load() {
				h.peak.Store(v)
			}
			select {
			case <-h.stop:
				return
			case <-t.C:
			}
		}
	}()
	return h
}

func (h *heapSampler) Stop() uint64 {
	close(h.stop)
	<-h.done
	return h.peak.Load()
}

func heapObjects() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// counter is the HTTP transport of every client the bench builds: it
// counts requests by kind and the bytes of blob content that pass through
// this process, so "server-side" is a measured claim.
type counter struct {
	c *http.Client

	lists, gets, puts, copies, other atomic.Int64
	// service is the modelled service time of the listings (fakeblob
	// reports each response's item count).
	service   atomic.Int64
	model     fakeblob.Model
	readBytes atomic.Int64 // Get Blob response bodies
	sentBytes atomic.Int64 // Put Block / Put Page / Put Blob request bodies
	inFlight  atomic.Int64 // total time requests spent waiting for a response
}

func newCounter(c *http.Client, m fakeblob.Model) *counter { return &counter{c: c, model: m} }

func (ct *counter) reset() {
	for _, v := range []*atomic.Int64{&ct.lists, &ct.gets, &ct.puts, &ct.copies, &ct.other, &ct.service, &ct.readBytes, &ct.sentBytes, &ct.inFlight} {
		v.Store(0)
	}
}

func (ct *counter) Do(r *http.Request) (*http.Response, error) {
	q := r.URL.Query()
	// The SDK sets x-ms-* headers with lower-case keys, which Header.Get
	// (canonical keys) does not see.
	isCopy := false
	for k := range r.Header {
		if strings.EqualFold(k, "x-ms-copy-source") {
			isCopy = true
		}
	}
	switch {
	case r.Method == http.MethodGet && q.Get("comp") == "list":
		ct.lists.Add(1)
	case r.Method == http.MethodGet && q.Get("comp") == "" && q.Get("restype") == "":
		ct.gets.Add(1)
	case r.Method == http.MethodPut && isCopy:
		ct.copies.Add(1)
	case r.Method == http.MethodPut && r.ContentLength > 0:
		ct.puts.Add(1)
		ct.sentBytes.Add(r.ContentLength)
	default:
		ct.other.Add(1)
	}
	t0 := time.Now()
	resp, err := ct.c.Do(r)
	ct.inFlight.Add(int64(time.Since(t0)))
	if err != nil {
		return resp, err
	}
	if n, err := strconv.Atoi(resp.Header.Get(fakeblob.ItemsHeader)); err == nil {
		ct.service.Add(int64(ct.model.Service(n)))
	}
	if r.Method == http.MethodGet && q.Get("comp") == "" && q.Get("restype") == "" && resp.Body != nil {
		resp.Body = &iocount.Body{ReadCloser: resp.Body, N: &ct.readBytes}
	}
	return resp, nil
}
