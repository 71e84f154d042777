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
	"github.com/baklint/baklint/internal/azurite"
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
	for p, b := range data {
		uploadBlob(t, e, name, p, b)
	}
	return azContainer(t, e.BlobEndpoint, name, nil)
}

func crashPlan(t *testing.T, src, dst *azstore.Container) *PlanDoc {
	t.Helper()
	inv := folderInventory(t, src)
	for i := range inv.Files { // SRV$I/dbN/... belongs to dbN
		p := inv.Files[i].Path
		inv.Files[i].Database = filepath.Base(filepath.Dir(filepath.Dir(p)))
	}
	return Plan(inv, vm2014, Dest{Display: dst.Location()}, PlanOptions{DeleteSource: true})
}

// TestApplyKilledAtRandomMomentsEndsAsAnUninterruptedRun kills the executor
// (a child process) with SIGKILL again and again, mid-copy and
// mid-conversion, checks after every kill that no source is gone without
// its verified copy, then lets it finish and compares the result with a
// run that was never interrupted.
func TestApplyKilledAtRandomMomentsEndsAsAnUninterruptedRun(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	ctx := context.Background()
	e := azurite.Get(t)
	data := crashData(7)
	const rangeSize = 256 << 10

	// The uninterrupted reference run.
	refSrc := seed(t, e, data)
	refDst := azContainer(t, e.BlobEndpoint, e.NewContainer(t), nil)
	start := time.Now()
	ref, err := Apply(ctx, crashPlan(t, refSrc, refDst), refSrc, refDst, ApplyOptions{RangeSize: rangeSize, RangeConcurrency: 2, Concurrency: 2})
	if err != nil || !ref.Complete() {
		t.Fatalf("reference run: %+v %v", ref, err)
	}
	took := time.Since(start)
	want := contents(t, refDst)

	src := seed(t, e, data)
	dst := azContainer(t, e.BlobEndpoint, e.NewContainer(t), nil)
	plan := crashPlan(t, src, dst)
	planFile := filepath.Join(t.TempDir(), "plan.json")
	if err := SavePlan(planFile, plan); err != nil {
		t.Fatal(err)
	}
	sums := map[string]string{} // source path -> sha256 of its content
	for p, st := range contents(t, src) {
		sums[p] = st.SHA256
	}

	r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 2))
	kills, midCopy := 0, 0
	for attempt := 0; kills < 6 && attempt < 40; attempt++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), workerEnv+"="+planFile, workerEndpoint+"="+e.BlobEndpoint,
			workerSrc+"="+src.Name, workerDst+"="+dst.Name, workerRange+"="+fmt.Sprint(rangeSize))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Every other kill waits for a half-converted blob to appear and
		// strikes then, so mid-conversion kills do not depend on how fast
		// this machine is; the others come at a random moment within the
		// first quarter of an uninterrupted run (each resumed run has less
		// left to do), most mid-copy, a few before any.
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		var trigger <-chan time.Time
		what := ""
		if attempt%2 == 0 {
			trigger, what = whenPartial(ctx, dst, exited, 4*took+10*time.Second), "on the first half-converted blob"
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
			partial := 0
			for _, o := range listAll(t, dst) {
				if st, err := dst.Stamp(ctx, o.Path); err == nil && st.State == blobscan.StampPartial {
					partial++
				}
			}
			if partial > 0 {
				midCopy++
			}
			t.Logf("attempt %d: killed %s with %d half-converted blobs", attempt, what, partial)
		}
		checkNoSourceLostWithoutCopy(t, plan, src, dst, sums)
		if attempt == 40 {
			break
		}
	}
	if kills < 5 || midCopy < 2 {
		t.Fatalf("%d kills, %d of them mid-conversion: the run is too fast to interrupt", kills, midCopy)
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
	got := contents(t, dst)
	if !equalMaps(want, got) {
		t.Errorf("final state differs from an uninterrupted run:\n got  %v\n want %v", got, want)
	}
	if n := len(listAll(t, src)); n != 0 {
		t.Errorf("%d sources left", n)
	}
	t.Logf("%d kills (%d mid-conversion); uninterrupted run took %v", kills, midCopy, took)
}

// whenPartial fires as soon as dst holds a blob stamped partial (a
// conversion under way), polling until the child exits or limit passes.
func whenPartial(ctx context.Context, dst *azstore.Container, exited <-chan error, limit time.Duration) <-chan time.Time {
	fire := make(chan time.Time, 1)
	go func() {
		deadline := time.Now().Add(limit)
		for time.Now().Before(deadline) && len(exited) == 0 {
			found := false
			_ = dst.List(ctx, "", func(o blobscan.Object) error {
				if st, err := dst.Stamp(ctx, o.Path); err == nil && st.State == blobscan.StampPartial {
					found = true
				}
				return nil
			}, func(string, error) {})
			if found {
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
