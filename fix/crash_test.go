package fix

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/blobscan/azstore"
	"github.com/baklint/baklint/internal/azfaithful"
	"github.com/baklint/baklint/internal/azurite"
	"github.com/baklint/baklint/layout"
)

// crashData is a set of backups big enough (a few MiB each) that a kill
// lands in the middle of a copy or a conversion.
func crashData(seed uint64) map[string][]byte {
	r := rand.New(rand.NewPCG(seed, 1))
	out := map[string][]byte{}
	for i := range 6 {
		b := make([]byte, (3+i%3)<<20) // 3-5 MiB, multiples of 512
		for j := range b {
			if (j/65536)%3 != 0 { // leave zero runs, as real backups have
				b[j] = byte(r.Uint32())
			}
		}
		out[fmt.Sprintf("SRV$I/db%d/FULL/db%d_FULL_%d.bak", i%3, i%3, i)] = b
	}
	return out
}

func seed(t *testing.T, e *azurite.Emulator, data map[string][]byte) *azstore.Container {
	t.Helper()
	name := e.NewContainer(t)
	e.Upload(t, name, data)
	return azContainer(t, e.BlobEndpoint, name, nil)
}

// TestApplyKilledAtRandomMomentsEndsAsAnUninterruptedRun kills the executor
// (a child process) with SIGKILL again and again, mid-copy and
// mid-conversion, checks after every kill that no source is gone without
// its verified copy, then lets it finish and compares the result with a
// run that was never interrupted. Against Azurite the conversions stream
// through the client.
func TestApplyKilledAtRandomMomentsEndsAsAnUninterruptedRun(t *testing.T) {
	e := azurite.Get(t)
	killLoop(t, e, e.BlobEndpoint, vm2014, func(dst *azstore.Container) func() bool { return partialIn(dst) })
}

// Through the azfaithful proxy the same kills land while conversions run
// as Put Page From URL, and while Copy Blob copies are pending.
func TestApplyKilledWhileServerSideCopiesRunEndsAsAnUninterruptedRun(t *testing.T) {
	e := azurite.Get(t)
	t.Run("put page from URL", func(t *testing.T) {
		p := faithful(t, e, azfaithful.Options{PageLatency: 150 * time.Millisecond})
		killLoop(t, e, p.Endpoint(), vm2014, func(dst *azstore.Container) func() bool { return partialIn(dst) })
		if p.Stats().PutPageFromURL == 0 {
			t.Error("no Put Page From URL went through the proxy")
		}
	})
	t.Run("pending copy blob", func(t *testing.T) {
		p := faithful(t, e, azfaithful.Options{PendingPolls: 5})
		killLoop(t, e, p.Endpoint(), vm2019, func(*azstore.Container) func() bool { return func() bool { return p.Pending() > 0 } })
		if p.Stats().CopyBlob == 0 {
			t.Error("no Copy Blob went through the proxy")
		}
	})
}

// killLoop runs the kill-and-resume test of a target through endpoint (the
// emulator or a proxy in front of it). busy(dst) reports whether a copy is
// under way at dst: every other kill waits for it.
func killLoop(t *testing.T, e *azurite.Emulator, endpoint string, target layout.Target, busy func(dst *azstore.Container) func() bool) {
	if testing.Short() {
		t.Skip("slow")
	}
	ctx := context.Background()
	data := crashData(7)
	const rangeSize = 256 << 10
	plan := func(src, dst *azstore.Container) *PlanDoc {
		return Plan(crashInventory(t, src), target, Dest{Display: dst.Location()}, PlanOptions{DeleteSource: true})
	}
	open := func(c *azstore.Container) *azstore.Container { return azContainer(t, endpoint, c.Name, nil) }

	// The uninterrupted reference run.
	refSrc := open(seed(t, e, data))
	refDst := azContainer(t, endpoint, e.NewContainer(t), nil)
	start := time.Now()
	ref, err := Apply(ctx, plan(refSrc, refDst), refSrc, refDst, ApplyOptions{RangeSize: rangeSize, RangeConcurrency: 2, Concurrency: 2})
	if err != nil || !ref.Complete() {
		t.Fatalf("reference run: %+v %v", ref, err)
	}
	took := time.Since(start)
	want := contents(t, refDst)

	// The test observes Azurite directly, so that its reads do not use up
	// the proxy's pending answers.
	srcA := seed(t, e, data)
	dstA := azContainer(t, e.BlobEndpoint, e.NewContainer(t), nil)
	src, dst := open(srcA), open(dstA)
	pl := plan(src, dst)
	planFile := filepath.Join(t.TempDir(), "plan.json")
	if err := SavePlan(planFile, pl); err != nil {
		t.Fatal(err)
	}
	sums := map[string]string{} // source path -> sha256 of its content
	for p, st := range contents(t, srcA) {
		sums[p] = st.SHA256
	}
	isBusy := busy(dstA)

	r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 2))
	kills, midCopy := 0, 0
	for attempt := 0; kills < 6 && attempt < 40; attempt++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), workerEnv+"="+planFile, workerEndpoint+"="+endpoint,
			workerSrc+"="+src.Name, workerDst+"="+dst.Name, workerRange+"="+fmt.Sprint(rangeSize))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Two kills in three wait for a copy under way and strike then, so
		// mid-copy kills do not depend on how fast (or how loaded) this
		// machine is; the others come at a random moment within the first
		// quarter of an uninterrupted run (each resumed run has less left
		// to do), most mid-copy, a few before any. With every other kill at
		// random, a loaded machine once finished the run before the sixth.
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		var trigger <-chan time.Time
		what := ""
		if attempt%3 != 1 {
			trigger, what = when(isBusy, exited, 4*took+10*time.Second), "on the first copy under way"
		} else {
			delay := 100*time.Millisecond + time.Duration(r.Int64N(int64(took/4)+1))
			trigger, what = time.After(delay), "after "+delay.String()
		}
		select {
		case err := <-exited:
			t.Logf("attempt %d: finished before the kill %s (%v)", attempt, what, err)
			if err == nil {
				attempt = 40 // done: nothing left to interrupt
			}
		case <-trigger:
			_ = cmd.Process.Signal(syscall.SIGKILL)
			<-exited
			kills++
			under := isBusy()
			if under {
				midCopy++
			}
			t.Logf("attempt %d: killed %s; copy under way: %v", attempt, what, under)
		}
		checkNoSourceLostWithoutCopy(t, pl, srcA, dstA, sums)
		if attempt == 40 {
			break
		}
	}
	if kills < 5 || midCopy < 2 {
		t.Fatalf("%d kills, %d of them mid-copy: the run is too fast to interrupt", kills, midCopy)
	}
	// Finish: a plain rerun, in-process.
	plan2, err := LoadPlan(planFile)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Apply(ctx, plan2, src, dst, ApplyOptions{Journal: JournalPath(planFile), RangeSize: rangeSize})
	if err != nil || !s.Complete() {
		t.Fatalf("final run: %+v %v", s, err)
	}
	got := contents(t, dstA)
	if !equalMaps(want, got) {
		t.Errorf("final state differs from an uninterrupted run:\n got  %v\n want %v", got, want)
	}
	if n := len(listAll(t, srcA)); n != 0 {
		t.Errorf("%d sources left", n)
	}
	t.Logf("%d kills (%d mid-copy); uninterrupted run took %v", kills, midCopy, took)
}

// partialIn reports whether dst holds a blob stamped partial (a conversion
// under way).
func partialIn(dst *azstore.Container) func() bool {
	return func() bool {
		ctx := context.Background()
		found := false
		_ = dst.List(ctx, "", func(o blobscan.Object) error {
			if st, err := dst.Stamp(ctx, o.Path); err == nil && st.State == blobscan.StampPartial {
				found = true
			}
			return nil
		}, func(string, error) {})
		return found
	}
}

// when fires as soon as cond holds, polling until the child exits or limit
// passes.
func when(cond func() bool, exited <-chan error, limit time.Duration) <-chan time.Time {
	fire := make(chan time.Time, 1)
	go func() {
		deadline := time.Now().Add(limit)
		for time.Now().Before(deadline) && len(exited) == 0 {
			if cond() {
				fire <- time.Now()
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	return fire
}

// checkNoSourceLostWithoutCopy: a source may be gone only if its
// destination holds exactly its bytes.
func checkNoSourceLostWithoutCopy(t *testing.T, d *PlanDoc, src, dst blobscan.Reader, sums map[string]string) {
	t.Helper()
	have := etags(t, src)
	now := contents(t, dst)
	for _, m := range d.Moves {
		if _, ok := have[m.From]; ok {
			continue
		}
		if now[m.To].SHA256 != sums[m.From] {
			t.Fatalf("source %s was deleted but %s holds %+v", m.From, m.To, now[m.To])
		}
	}
}
