package fix

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/errclass"
)

// ApplyOptions tune an apply.
type ApplyOptions struct {
	// Journal is the journal file (JournalPath of the plan); "" runs
	// without one, for tests and throwaway plans.
	Journal string
	// DeleteSource turns copies into moves even if the plan did not say so.
	DeleteSource bool
	// Concurrency is how many moves run at once (default 4).
	Concurrency int
	// RangeSize and RangeConcurrency shape a streamed copy: ranges of
	// RangeSize, at most RangeConcurrency of them in flight per copy.
	RangeSize        int64
	RangeConcurrency int
	// MemoryLimit bounds the bytes of copy buffers held at once by all the
	// moves together (default DefaultMemoryLimit; negative: no bound).
	// Concurrency can then be high for server-side copies, which hold no
	// buffer, without streamed copies multiplying the footprint.
	MemoryLimit int64
	// Budget, when set, is used instead of a budget of MemoryLimit: runs
	// that share one share the bound (and its Peak shows what they held).
	Budget *blobscan.Budget
	// OnEvent, when set, receives one Event per finished move and each
	// notice, from one goroutine at a time.
	OnEvent func(Event)
	// Progress, when set, is called with the number of moves finished so
	// far (done, skipped or failed), from one goroutine at a time.
	Progress func(done int)
	// Select, when set, limits the run to the moves it accepts (database
	// selection on a saved plan); the others are left untouched.
	Select func(Move) bool
}

// DefaultMemoryLimit bounds the copy buffers of an apply: 32 ranges of
// 4 MiB, whatever the number of moves running.
const DefaultMemoryLimit = 128 << 20

// outcome is how one move ended.
type outcome int

const (
	outMoved outcome = iota
	outConverted
	outDone
	outSkipped
	outFailed
	outUnselected
)

type result struct {
	out     outcome
	reason  string
	bytes   int64
	deleted bool
}

// Apply executes a plan: every move is copied, verified, and (with
// delete_source) its source deleted, in that order, with the journal
// recording each step so a rerun resumes. It returns an error only for a
// plan that cannot run at all (ErrBadInput, nothing written) or an
// interruption; per-move problems are counted in the Summary.
func Apply(ctx context.Context, d *PlanDoc, src blobscan.Reader, dst blobscan.Writer, opts ApplyOptions) (*Summary, error) {
	if d.SchemaVersion != SchemaVersion {
		return nil, errclass.Errorf(errclass.BadInput, "plan schema_version %d is not supported", d.SchemaVersion)
	}
	if d.PlanSHA256 == "" {
		d.Seal()
	} else if d.checksum() != d.PlanSHA256 {
		return nil, errclass.Errorf(errclass.BadInput, "the plan was changed after planning (checksum mismatch); plan again")
	}
	deleteSource := d.DeleteSource || opts.DeleteSource
	var srcW blobscan.Writer
	if deleteSource {
		w, ok := src.(blobscan.Writer)
		if !ok {
			return nil, errclass.Errorf(errclass.BadInput, "source %s cannot delete files; run without --delete-source", src.Location())
		}
		srcW = w
	}
	if err := preflight(ctx, d, src, dst, opts.OnEvent); err != nil {
		return nil, err
	}
	var j *journal
	if opts.Journal != "" {
		var err error
		if j, err = openJournal(opts.Journal, d); err != nil {
			return nil, err
		}
		defer j.close()
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 4
	}
	if opts.RangeSize <= 0 {
		opts.RangeSize = blobscan.DefaultRangeSize
	}
	if opts.RangeConcurrency <= 0 {
		opts.RangeConcurrency = 4
	}
	if opts.MemoryLimit == 0 {
		opts.MemoryLimit = DefaultMemoryLimit
	}
	budget := opts.Budget
	if budget == nil {
		budget = blobscan.NewBudget(opts.MemoryLimit)
	}
	e := &executor{d: d, src: src, srcW: srcW, dst: dst, j: j, opts: opts, deleteSource: deleteSource, budget: budget}

	results := make([]result, len(d.Moves))
	var g errgroup.Group
	g.SetLimit(opts.Concurrency)
	for i := range d.Moves {
		if ctx.Err() != nil {
			break
		}
		if opts.Select != nil && !opts.Select(d.Moves[i]) {
			results[i] = result{out: outUnselected}
			continue
		}
		g.Go(func() error {
			results[i] = e.run(ctx, i)
			e.logResult(i, results[i])
			return nil
		})
	}
	_ = g.Wait()

	s := &Summary{PlanSkipped: len(d.Skipped), Problems: []Skip{}, Streamed: e.streamed.Load()}
	for i, r := range results {
		switch r.out {
		case outMoved:
			s.Moved++
		case outConverted:
			s.Converted++
		case outDone:
			s.Done++
		case outSkipped:
			s.Skipped++
		case outFailed:
			s.Failed++
		case outUnselected:
			s.NotSelected++
		}
		if r.out == outSkipped || r.out == outFailed {
			s.Problems = append(s.Problems, Skip{Path: d.Moves[i].From, Reason: r.reason})
		}
		if r.deleted {
			s.Deleted++
		}
		s.Bytes += r.bytes
	}
	sort.Slice(s.Problems, func(a, b int) bool { return s.Problems[a].Path < s.Problems[b].Path })
	if err := ctx.Err(); err != nil {
		return s, fmt.Errorf("interrupted: run the same apply again to finish: %w", err)
	}
	return s, nil
}

type executor struct {
	d            *PlanDoc
	src          blobscan.Reader
	srcW         blobscan.Writer
	dst          blobscan.Writer
	j            *journal
	opts         ApplyOptions
	deleteSource bool
	budget       *blobscan.Budget

	logMu    sync.Mutex
	finished int      // moves finished so far, under logMu
	notices  sync.Map // notice texts already logged
	streamed atomic.Bool
}

func (e *executor) emit(ev Event) {
	if e.opts.OnEvent == nil {
		return
	}
	e.logMu.Lock()
	defer e.logMu.Unlock()
	e.opts.OnEvent(ev)
}

func (e *executor) logResult(i int, r result) {
	m := e.d.Moves[i]
	if e.opts.Progress != nil {
		e.logMu.Lock()
		e.finished++
		e.opts.Progress(e.finished)
		e.logMu.Unlock()
	}
	ev := Event{From: m.From, To: m.To}
	switch r.out {
	case outMoved:
		ev.Kind = EventCopied
	case outConverted:
		ev.Kind, ev.FromType, ev.ToType = EventConverted, m.FromType, m.ToType
	case outDone:
		ev.Kind = EventDone
	case outSkipped:
		ev.Kind, ev.Reason = EventSkipped, r.reason
	case outFailed:
		ev.Kind, ev.Reason = EventFailed, r.reason
	default:
		return
	}
	e.emit(ev)
}

// run takes one move as far as it can go.
func (e *executor) run(ctx context.Context, i int) result {
	m := e.d.Moves[i]
	st := e.j.get(i)
	fail := func(err error) result {
		r := result{out: outFailed, reason: blobscan.Redact(err.Error())}
		if ctx.Err() == nil {
			_ = e.j.record(i, e.d, evFailed, entry{Reason: r.reason})
		}
		return r
	}
	skip := func(why string) result {
		_ = e.j.record(i, e.d, evSkipped, entry{Reason: why})
		return result{out: outSkipped, reason: why}
	}
	if why := ValidDestPath(m.To); why != "" {
		return skip(fmt.Sprintf("destination %q %s", m.To, why))
	}
	if st.Verified && (st.Deleted || !e.deleteSource) {
		// Finished earlier: only make sure the copy is still there.
		if obj, err := e.dst.Properties(ctx, m.To); err == nil && obj.Size == m.Size {
			return result{out: outDone}
		}
		st = moveState{}
	}
	// A source is deleted only on proof that holds now. A copy verified by
	// an earlier run may have been removed or replaced since (copy now,
	// --delete-source later), so it is verified again the way a fresh copy
	// is, which writes nothing when the copy is intact.
	verifiedEarlier := st.Verified
	if st.Verified && e.deleteSource && !st.Deleted {
		st.Verified = false
	}
	if err := e.dst.Abandon(ctx, m.To); err != nil {
		return fail(err)
	}

	srcObj, err := e.src.Properties(ctx, m.From)
	switch {
	case errors.Is(err, errclass.NotFound):
		if verifiedEarlier {
			// Deleted by an earlier run that died before journaling it,
			// which deletes only after verifying: the copy must be there.
			if obj, err := e.dst.Properties(ctx, m.To); err == nil && obj.Size == m.Size {
				_ = e.j.record(i, e.d, evDeleted, entry{})
				return result{out: outDone}
			}
			return fail(errclass.Errorf(errclass.Storage, "the source %s is gone and its verified copy %s is missing or changed since", m.From, m.To))
		}
		if ok, _ := e.finishedEarlier(ctx, m); ok {
			_ = e.j.record(i, e.d, evVerified, entry{})
			_ = e.j.record(i, e.d, evDeleted, entry{})
			return result{out: outDone}
		}
		return skip("the source no longer exists; plan again")
	case err != nil:
		return fail(err)
	case srcObj.ETag != m.ETag || srcObj.Size != m.Size:
		if st.Verified {
			return skip(fmt.Sprintf("the source changed after it was copied (ETag %s, planned %s); copy kept, source not deleted", srcObj.ETag, m.ETag))
		}
		return skip(fmt.Sprintf("the source changed since planning (ETag %s size %d, planned %s size %d); plan again", srcObj.ETag, srcObj.Size, m.ETag, m.Size))
	}

	r := result{out: outDone}
	if !st.Verified {
		r, err = e.copyAndVerify(ctx, i, m)
		if err != nil {
			if ctx.Err() != nil {
				return result{out: outFailed, reason: "interrupted"}
			}
			return fail(err)
		}
		if r.out == outSkipped {
			return skip(r.reason)
		}
		if err := e.j.record(i, e.d, evVerified, entry{}); err != nil {
			return fail(err)
		}
	}
	if e.deleteSource {
		err := e.srcW.Delete(ctx, m.From, m.ETag)
		switch {
		case errors.Is(err, blobscan.ErrChanged):
			return skip("the source changed after it was copied; copy kept, source not deleted")
		case err != nil && !errors.Is(err, errclass.NotFound):
			return fail(err)
		}
		if err := e.j.record(i, e.d, evDeleted, entry{}); err != nil {
			return fail(err)
		}
		r.deleted = true
	}
	return r
}

// finishedEarlier reports whether the destination holds a copy baklint
// finished from exactly the planned source version.
func (e *executor) finishedEarlier(ctx context.Context, m Move) (bool, error) {
	obj, err := e.dst.Properties(ctx, m.To)
	if err != nil {
		return false, err
	}
	st, err := e.dst.Stamp(ctx, m.To)
	if err != nil {
		return false, err
	}
	ok := st.SourceETag == m.ETag && obj.Size == m.Size && typeOK(obj, m) &&
		(st.State == blobscan.StampComplete || (st.State == blobscan.StampCopying && st.CopyStatus == "success"))
	return ok, nil
}

func typeOK(obj blobscan.Object, m Move) bool { return m.ToType == "" || obj.BlobType == m.ToType }

// copyAndVerify makes the destination hold the source's bytes, or explains
// why it will not.
func (e *executor) copyAndVerify(ctx context.Context, i int, m Move) (result, error) {
	converted := m.FromType != "" && m.ToType != "" && m.FromType != m.ToType
	copied := outMoved
	if converted {
		copied = outConverted
	}
	var res blobscan.CopyResult
	for attempt := 1; ; attempt++ {
		// What is at the destination already?
		if r, clear, err := e.existing(ctx, m); err != nil || !clear {
			return r, err
		}
		if err := e.j.record(i, e.d, evStarted, entry{}); err != nil {
			return result{}, err
		}
		var err error
		res, err = e.dst.Copy(ctx, blobscan.CopyRequest{
			From: e.src, FromPath: m.From, FromETag: m.ETag, Size: m.Size,
			To: m.To, ToType: m.ToType,
			RangeSize: e.opts.RangeSize, Concurrency: e.opts.RangeConcurrency,
			Budget: e.budget, Notice: e.notice,
		})
		switch {
		case errors.Is(err, blobscan.ErrChanged):
			// The writer removed what the failed copy had written.
			return result{out: outSkipped, reason: "the source changed since planning or while it was copied; plan again"}, nil
		case errors.Is(err, blobscan.ErrExists) && attempt < 3:
			// Someone got there first, or a lost response was retried into
			// "already exists" on our own blob: look again, and count it
			// only if it is provably the right content.
			continue
		case err != nil:
			return result{}, err
		}
		break
	}
	if res.Streamed {
		e.streamed.Store(true)
	}
	if err := e.j.record(i, e.d, evCopied, entry{SHA256: hex.EncodeToString(res.SHA256)}); err != nil {
		return result{}, err
	}
	if err := e.verify(ctx, m, res); err != nil {
		// Never leave a copy that failed its check where it could pass for
		// a good one.
		if obj, perr := e.dst.Properties(ctx, m.To); perr == nil {
			_ = e.dst.Delete(ctx, m.To, obj.ETag)
		}
		return result{}, err
	}
	return result{out: copied, bytes: m.Size}, nil
}

// destKind is what a destination name holds, as apply and the dry run
// (destState) both read it from its stamp.
type destKind int

const (
	destOther   destKind = iota // anything else: compared with the source by content
	destForeign                 // a link or special file: never overwritten or counted
	destOurs                    // written by baklint from this very source version
)

func classifyDest(st blobscan.Stamp, m Move) destKind {
	switch {
	case st.Foreign:
		return destForeign
	case st.SourcePath == m.From && st.SourceETag == m.ETag:
		return destOurs
	}
	return destOther
}

// existing looks at the destination before a copy. It returns clear=true
// when the way is clear to copy (nothing there, or a half-written blob of
// ours that it removed).
func (e *executor) existing(ctx context.Context, m Move) (result, bool, error) {
	obj, err := e.dst.Properties(ctx, m.To)
	if errors.Is(err, errclass.NotFound) {
		return result{}, true, nil
	}
	if err != nil {
		return result{}, false, err
	}
	st, err := e.dst.Stamp(ctx, m.To)
	if err != nil {
		return result{}, false, err
	}
	switch classifyDest(st, m) {
	case destForeign:
		return result{out: outSkipped, reason: fmt.Sprintf("destination %s is a link or a special file, not a copy; it is never overwritten or counted as one: remove it and apply again", m.To)}, false, nil
	case destOurs:
		switch {
		case st.State == blobscan.StampComplete && obj.Size == m.Size && typeOK(obj, m):
			// Written by a run that died before verifying it (or by this run,
			// when a lost response was retried into "already exists"): check
			// the bytes against the hash recorded while writing.
			if st.SHA256 == "" {
				return result{out: outDone}, false, nil
			}
			got, err := blobscan.HashObjectIn(ctx, e.budget, e.dst, m.To, m.Size)
			if err != nil {
				return result{}, false, err
			}
			if hex.EncodeToString(got) == st.SHA256 {
				return result{out: outDone}, false, nil
			}
		case st.State == blobscan.StampCopying:
			st, err = e.waitCopy(ctx, m.To, st)
			if err != nil {
				return result{}, false, err
			}
			if st.CopyStatus == "success" && obj.Size == m.Size && typeOK(obj, m) {
				return result{out: outDone}, false, nil
			}
		}
		// Ours, but unfinished or failed: remove it and copy again.
		obj, err = e.dst.Properties(ctx, m.To)
		if err != nil {
			return result{}, false, err
		}
		if err := e.dst.Delete(ctx, m.To, obj.ETag); err != nil && !errors.Is(err, errclass.NotFound) {
			return result{}, false, err
		}
		return result{}, true, nil
	}
	same, err := sameContent(ctx, e.budget, e.src, e.dst, m, obj)
	if err != nil {
		return result{}, false, err
	}
	switch {
	case !same:
		return result{out: outSkipped, reason: fmt.Sprintf("destination %s exists with different content; it is never overwritten: move it away or plan into another prefix", m.To)}, false, nil
	case !typeOK(obj, m):
		return result{out: outSkipped, reason: fmt.Sprintf("destination %s exists as a %s but the target needs a %s; it is never overwritten: delete it and apply again", m.To, obj.BlobType, m.ToType)}, false, nil
	}
	return result{out: outDone}, false, nil
}

// sameContent compares an existing destination with the source: size,
// then Content-MD5 when both sides carry one, else SHA-256 of both read in
// full (the only proof left).
// sameContent compares the destination object obj of m with its source.
func sameContent(ctx context.Context, budget *blobscan.Budget, src, dst blobscan.Reader, m Move, obj blobscan.Object) (bool, error) {
	if obj.Size != m.Size {
		return false, nil
	}
	srcObj, err := src.Properties(ctx, m.From)
	if err != nil {
		return false, err
	}
	if len(srcObj.ContentMD5) > 0 && len(obj.ContentMD5) > 0 {
		return bytes.Equal(srcObj.ContentMD5, obj.ContentMD5), nil
	}
	a, err := blobscan.HashObjectIn(ctx, budget, src, m.From, m.Size)
	if err != nil {
		return false, err
	}
	b, err := blobscan.HashObjectIn(ctx, budget, dst, m.To, m.Size)
	if err != nil {
		return false, err
	}
	return bytes.Equal(a, b), nil
}

// waitCopy polls a pending server-side copy with capped backoff.
func (e *executor) waitCopy(ctx context.Context, p string, st blobscan.Stamp) (blobscan.Stamp, error) {
	delay := 100 * time.Millisecond
	for st.CopyStatus == "pending" {
		select {
		case <-ctx.Done():
			return st, ctx.Err()
		case <-time.After(delay):
		}
		delay = min(delay*2, 5*time.Second)
		var err error
		if st, err = e.dst.Stamp(ctx, p); err != nil {
			return st, err
		}
	}
	return st, nil
}

// verify checks a fresh copy before it counts (SPEC §8.3).
func (e *executor) verify(ctx context.Context, m Move, res blobscan.CopyResult) error {
	obj, err := e.dst.Properties(ctx, m.To)
	if err != nil {
		return fmt.Errorf("verify %s: %w", m.To, err)
	}
	if obj.Size != m.Size || !typeOK(obj, m) {
		return errclass.Errorf(errclass.Storage, "verify %s: size %d type %q, want %d %q", m.To, obj.Size, obj.BlobType, m.Size, m.ToType)
	}
	if res.ServerSide {
		st, err := e.dst.Stamp(ctx, m.To)
		if err != nil {
			return fmt.Errorf("verify %s: %w", m.To, err)
		}
		if st.State == blobscan.StampCopying {
			if st, err = e.waitCopy(ctx, m.To, st); err != nil {
				return err
			}
			if st.CopyStatus != "success" {
				return errclass.Errorf(errclass.Storage, "copy to %s ended %s: %s", m.To, st.CopyStatus, st.CopyDetail)
			}
		} else if st.State != blobscan.StampComplete {
			return errclass.Errorf(errclass.Storage, "verify %s: the copy is not marked complete", m.To)
		}
		if st.SourceETag != m.ETag {
			return errclass.Errorf(errclass.Storage, "verify %s: copied from source version %s, planned %s", m.To, st.SourceETag, m.ETag)
		}
		return nil
	}
	got, err := blobscan.HashObjectIn(ctx, e.budget, e.dst, m.To, m.Size)
	if err != nil {
		return fmt.Errorf("verify %s: %w", m.To, err)
	}
	if len(res.SHA256) == 0 || !bytes.Equal(got, res.SHA256) {
		return errclass.Errorf(errclass.Storage, "verify %s: content differs from the source's (sha256 %x, source %x)", m.To, got, res.SHA256)
	}
	return nil
}

// notice is handed to Writer.Copy, whose notices say that bytes go
// through this process (a conversion the service cannot do, a name it
// cannot copy): each distinct one is logged once. Summary.Streamed comes
// from the copy results.
func (e *executor) notice(msg string) {
	if _, seen := e.notices.LoadOrStore(msg, true); !seen {
		e.emit(Event{Kind: EventNote, Reason: msg})
	}
}
