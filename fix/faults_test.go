package fix

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	toxiproxy "github.com/Shopify/toxiproxy/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"

	"github.com/baklint/baklint/blobscan/azstore"
	"github.com/baklint/baklint/internal/azurite"
	"github.com/baklint/baklint/layout"
)

// countingTransport counts the requests that failed at the network level:
// proof the toxics bit.
type countingTransport struct {
	c    *http.Client
	errs atomic.Int64
}

func (ct *countingTransport) Do(r *http.Request) (*http.Response, error) {
	resp, err := ct.c.Do(r)
	if err != nil {
		ct.errs.Add(1)
	}
	return resp, err
}

// flakyProxy puts toxiproxy, in-process and on loopback, between the SDK
// and Azurite: every response is slowed, and in short bursts connections
// are reset (which loses responses to requests the service carried out) or
// stalled. Bursts rather than per-connection toxicity: toxiproxy's
// reset_peer toxicity turned out to hit far more connections than its
// setting, so the fault rate is set by the burst timing instead.
func flakyProxy(t *testing.T, e *azurite.Emulator) string {
	t.Helper()
	srv := toxiproxy.NewServer(toxiproxy.NewMetricsContainer(prometheus.NewRegistry()), zerolog.Nop())
	p := toxiproxy.NewProxy(srv, "azurite", "127.0.0.1:0", e.HostPort())
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	add := func(tox string) {
		if _, err := p.Toxics.AddToxicJson(strings.NewReader(tox)); err != nil {
			t.Error(err)
		}
	}
	add(`{"name":"slow","type":"latency","stream":"downstream","attributes":{"latency":15,"jitter":10}}`)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		bursts := []string{
			`{"name":"burst","type":"reset_peer","stream":"upstream","attributes":{"timeout":5}}`,
			`{"name":"burst","type":"reset_peer","stream":"downstream","attributes":{"timeout":5}}`,
			`{"name":"burst","type":"timeout","stream":"upstream","attributes":{"timeout":300}}`,
		}
		for i := 0; ; i++ {
			add(bursts[i%len(bursts)])
			time.Sleep(40 * time.Millisecond)
			_ = p.Toxics.RemoveToxic(context.Background(), "burst")
			select {
			case <-stop:
				return
			case <-time.After(200 * time.Millisecond):
			}
		}
	}()
	t.Cleanup(func() { close(stop); <-done; p.Stop() })
	return "http://" + p.Listen + "/" + azurite.Account
}

// TestApplyThroughAFlakyNetworkEndsAsACleanRun: with connections reset,
// stalled and slowed, reruns of apply converge on the state of a clean
// run, and no run ever counts a copy that is not there.
func TestApplyThroughAFlakyNetworkEndsAsACleanRun(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	ctx := context.Background()
	e := azurite.Get(t)
	data := crashData(11)
	for _, target := range []layout.Target{vm2014, vm2019} {
		t.Run(target.Name, func(t *testing.T) {
			refSrc := seed(t, e, data)
			refDst := azContainer(t, e.BlobEndpoint, e.NewContainer(t), nil)
			refPlan := Plan(crashInventory(t, refSrc), target, Dest{Display: refDst.Location()}, PlanOptions{DeleteSource: true})
			if s, err := Apply(ctx, refPlan, refSrc, refDst, ApplyOptions{}); err != nil || !s.Complete() {
				t.Fatalf("clean run: %+v %v", s, err)
			}
			want := contents(t, refDst)

			clean := seed(t, e, data)
			dstName := e.NewContainer(t)
			sums := map[string]string{}
			for p, st := range contents(t, clean) {
				sums[p] = st.SHA256
			}
			proxied := flakyProxy(t, e)
			// One connection per request, so the per-connection toxics
			// hit requests, not just the few pooled connections.
			hc := azstore.NewHTTPClient(8)
			hc.Transport.(*http.Transport).DisableKeepAlives = true
			ct := &countingTransport{c: hc}
			src := azContainer(t, proxied, clean.Name, ct)
			dst := azContainer(t, proxied, dstName, ct)
			d := Plan(crashInventory(t, clean), target, Dest{Display: dst.Location()}, PlanOptions{DeleteSource: true})
			journal := t.TempDir() + "/plan.journal"
			runs := 0
			for ; runs < 10; runs++ {
				s, err := Apply(ctx, d, src, dst, ApplyOptions{Journal: journal, RangeSize: 512 << 10})
				if err != nil {
					t.Fatalf("run %d: %v", runs, err)
				}
				// Whatever a run counts as done must be there, whole.
				bad := map[string]bool{}
				for _, p := range s.Problems {
					bad[p.Path] = true
				}
				direct := azContainer(t, e.BlobEndpoint, dstName, nil)
				now := contents(t, direct)
				for _, m := range d.Moves {
					if !bad[m.From] && now[m.To].SHA256 != sums[m.From] {
						t.Fatalf("run %d counted %s as done but %s holds %+v", runs, m.From, m.To, now[m.To])
					}
				}
				checkNoSourceLostWithoutCopy(t, d, clean, direct, sums)
				if s.Complete() {
					break
				}
				t.Logf("run %d: %d failed, %d skipped: %v", runs, s.Failed, s.Skipped, s.Problems)
			}
			got := contents(t, azContainer(t, e.BlobEndpoint, dstName, nil))
			if !equalMaps(want, got) {
				t.Errorf("after %d runs the state differs from a clean run:\n got  %v\n want %v", runs+1, got, want)
			}
			if ct.errs.Load() == 0 {
				t.Error("no request failed: the toxics did not bite")
			}
			t.Logf("%d runs, %d failed requests retried or rerun", runs+1, ct.errs.Load())
		})
	}
}

func crashInventory(t *testing.T, src *azstore.Container) *layout.Inventory {
	t.Helper()
	inv := folderInventory(t, src)
	for i := range inv.Files {
		parts := strings.Split(inv.Files[i].Path, "/")
		inv.Files[i].Database = parts[1]
	}
	return inv
}
