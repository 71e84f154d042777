package blobscan

import (
	"context"
	"crypto/sha256"
	"errors"
	"hash"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/semaphore"

	"github.com/baklint/baklint/errclass"
)

// Writer is the write side of a backend: what the fixer needs on top of
// Reader. Implementations never replace an existing object and are safe for
// concurrent use.
type Writer interface {
	Reader
	// Ready checks that the root (container or folder) exists; an error
	// wrapping ErrNotFound when it does not.
	Ready(ctx context.Context) error
	// Copy creates req.To with the content of req.From's object. It fails
	// with ErrExists when req.To exists, and with ErrChanged when the source
	// is no longer at req.FromETag. A Copy that fails leaves nothing at
	// req.To that could pass for a backup (a killed one may: its Stamp
	// says partial).
	Copy(ctx context.Context, req CopyRequest) (CopyResult, error)
	// Stamp reports what baklint recorded on an object it wrote, so a
	// resumed run can tell its own finished, half-written and foreign
	// objects apart. Backends without metadata return a zero Stamp.
	Stamp(ctx context.Context, path string) (Stamp, error)
	// Abandon removes what a Copy to path that was killed may have left
	// beside it (temporary files); it never touches path itself.
	Abandon(ctx context.Context, path string) error
	// Delete removes path only while its ETag is still ifMatch: ErrChanged
	// otherwise, ErrNotFound when it is gone.
	Delete(ctx context.Context, path, ifMatch string) error
}

// WriteChecker is implemented by Writers that can tell, with one cheap
// request that leaves nothing visible, whether they may create objects
// (SPEC §8.7: a refusal stops a run before its first copy, not once per
// file). The error wraps ErrAuth when the credentials are refused.
type WriteChecker interface {
	CheckWrite(ctx context.Context) error
}

// RootCreator is implemented by Writers whose root (an Azure container)
// can be created when it is missing.
type RootCreator interface {
	CreateRoot(ctx context.Context) error
}

// CopyRequest is one copy for Writer.Copy.
type CopyRequest struct {
	From     Reader
	FromPath string
	// FromETag is the version of the source the copy must be of.
	FromETag string
	Size     int64
	To       string
	// ToType is the blob type to create: BlockBlob, PageBlob, or "" for a
	// local file.
	ToType string
	// RangeSize and Concurrency bound a streamed copy's memory to
	// RangeSize × Concurrency (defaults 4 MiB × 4).
	RangeSize   int64
	Concurrency int
	// Budget, when set, bounds the buffers of all the copies that share it.
	Budget *Budget
	// Notice receives one-line messages for the user, for example that a
	// conversion streams through the client.
	Notice func(string)
}

// CopyResult tells how a copy went.
type CopyResult struct {
	// Object is the destination after the copy.
	Object Object
	// ServerSide: the bytes never passed through this process.
	ServerSide bool
	// Streamed: the service could not copy server-side (Azurite has no Put
	// Page From URL) and the bytes went through this process instead.
	Streamed bool
	// SHA256 of the bytes read from the source, when they passed through
	// this process.
	SHA256 []byte
}

// Stamp states, recorded as metadata on objects baklint writes.
const (
	StampPartial  = "partial"  // being written; never counts as a copy
	StampCopying  = "copying"  // a server-side copy: complete once CopyStatus is success
	StampComplete = "complete" // written and checked against its source
)

// Stamp is what baklint recorded on an object it wrote.
type Stamp struct {
	// SourceETag is the ETag of the source version the object was copied
	// from; "" when baklint did not write the object.
	SourceETag string
	SourcePath string
	State      string
	// SHA256 of the content, hex, when the bytes passed through baklint.
	SHA256 string
	// CopyStatus of a server-side copy: pending, success, failed, aborted.
	CopyStatus string
	CopyDetail string
	// Foreign: the destination is not a regular object baklint could have
	// written (a symbolic link or a special file in a local folder). It is
	// never taken for a copy, whatever its content.
	Foreign bool
}

// Write-side error classes (both wrap ErrStorage).
var (
	// ErrExists: the destination exists and was not replaced.
	ErrExists = errclass.Sub(errclass.Storage, "already exists")
	// ErrChanged: the object is no longer at the expected ETag.
	ErrChanged = errclass.Sub(errclass.Storage, "changed")
)

// DefaultRangeSize is the largest Put Page From URL range, and the chunk a
// streamed copy reads and writes at a time.
const DefaultRangeSize = 4 << 20

// ReadChunks reads size bytes of path in order, range by range, calling fn
// with each chunk. Each chunk is a fresh slice from ReadRange, so fn may
// hand it to another goroutine.
func ReadChunks(ctx context.Context, r Reader, path string, size, chunk int64, fn func(off int64, b []byte) error) error {
	return ReadChunksIn(ctx, nil, r, path, size, chunk, func(off int64, b []byte, done func()) error {
		defer done()
		return fn(off, b)
	})
}

// ReadChunksIn is ReadChunks with every chunk charged to budget before it
// is read: fn calls done once nothing holds the chunk any more, perhaps
// from another goroutine, and exactly once.
func ReadChunksIn(ctx context.Context, budget *Budget, r Reader, path string, size, chunk int64, fn func(off int64, b []byte, done func()) error) error {
	if chunk <= 0 {
		chunk = DefaultRangeSize
	}
	for off := int64(0); off < size; off += chunk {
		n := min(chunk, size-off)
		held, err := budget.acquire(ctx, n)
		if err != nil {
			return err
		}
		b, err := readRetry(ctx, r, path, off, n)
		if err == nil && int64(len(b)) != n {
			err = errclass.Errorf(ErrChanged, "%s shrank while being read: got %d bytes at %d, want %d", path, len(b), off, n)
		}
		if err != nil {
			budget.release(held)
			return err
		}
		var once sync.Once
		if err := fn(off, b, func() { once.Do(func() { budget.release(held) }) }); err != nil {
			return err
		}
	}
	return nil
}

// Budget bounds the bytes of copy buffers held at once across all the
// copies of a run, so that memory, not the number of moves running, sets
// the footprint. A nil Budget bounds nothing.
type Budget struct {
	limit int64
	sem   *semaphore.Weighted
	inUse atomic.Int64
	peak  atomic.Int64
}

// NewBudget returns a budget of limit bytes; nil when limit <= 0.
func NewBudget(limit int64) *Budget {
	if limit <= 0 {
		return nil
	}
	return &Budget{limit: limit, sem: semaphore.NewWeighted(limit)}
}

// Peak is the most bytes held at once so far.
func (b *Budget) Peak() int64 {
	if b == nil {
		return 0
	}
	return b.peak.Load()
}

// acquire waits for n bytes (at most the whole budget, so that a chunk
// larger than the budget still runs, alone) and returns what it holds.
func (b *Budget) acquire(ctx context.Context, n int64) (int64, error) {
	if b == nil {
		return 0, nil
	}
	n = min(n, b.limit)
	if err := b.sem.Acquire(ctx, n); err != nil {
		return 0, err
	}
	now := b.inUse.Add(n)
	for p := b.peak.Load(); now > p && !b.peak.CompareAndSwap(p, now); p = b.peak.Load() {
	}
	return n, nil
}

func (b *Budget) release(n int64) {
	if b == nil || n == 0 {
		return
	}
	b.inUse.Add(-n)
	b.sem.Release(n)
}

// readRetry retries a range read that failed in transit: the SDK retries a
// request whose response never came, but not a body cut off midway, and a
// copy of gigabytes should not fail for one reset connection.
func readRetry(ctx context.Context, r Reader, path string, off, n int64) ([]byte, error) {
	delay := 200 * time.Millisecond
	for attempt := 1; ; attempt++ {
		b, err := r.ReadRange(ctx, path, off, n)
		if err == nil || attempt == 4 || ctx.Err() != nil || errors.Is(err, ErrNotFound) || errors.Is(err, ErrAuth) || errors.Is(err, ErrBadInput) {
			return b, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(delay):
		}
		delay *= 2
	}
}

// HashObject computes the SHA-256 of an object's first size bytes by
// reading it: the content check of last resort when neither side carries a
// hash.
func HashObject(ctx context.Context, r Reader, path string, size int64) ([]byte, error) {
	return HashObjectIn(ctx, nil, r, path, size)
}

// HashObjectIn is HashObject with its buffer charged to budget.
func HashObjectIn(ctx context.Context, budget *Budget, r Reader, path string, size int64) ([]byte, error) {
	h := sha256.New()
	if err := ReadChunksIn(ctx, budget, r, path, size, DefaultRangeSize, func(_ int64, b []byte, done func()) error {
		defer done()
		_, err := h.Write(b)
		return err
	}); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}

// NewHash is the content hash the fixer records and compares.
func NewHash() hash.Hash { return sha256.New() }
