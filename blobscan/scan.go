package blobscan

import (
	"context"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/baklint/baklint/bakhdr"
)

// Scanned is one listed object with its decoded header, when one was read.
type Scanned struct {
	Container string // "" for a local folder
	Object
	Header    *bakhdr.Header
	HeaderErr error // why the header could not be read; never stops a scan
}

// ScanOptions tune Scan. The zero value lists only.
type ScanOptions struct {
	Concurrency int
	// Headers reads the header of every backup-named file.
	Headers bool
	// HeadBytes and TailBytes are the ranges read from each end of a file
	// (default bakhdr.DefaultHeadBytes and DefaultTailBytes, 256 KiB).
	HeadBytes, TailBytes int64
	// OnError receives failures of single folders; the scan goes on.
	OnError func(path string, err error)
	// Progress is called with the number of objects done so far (listed,
	// and header read when one is wanted), from one goroutine at a time.
	Progress func(done int)
}

// maxHeadBytes bounds what a decoder may ask for: headers come from
// untrusted files, and a crafted one must not make us download gigabytes.
const maxHeadBytes = 16 << 20

// decodeHeader is a variable so tests can observe the bytes handed over.
var decodeHeader = bakhdr.Decode

var backupExts = map[string]bool{".bak": true, ".trn": true, ".log": true, ".diff": true, ".dif": true, ".full": true}

// IsBackupName reports whether a file's extension marks it as a backup.
func IsBackupName(p string) bool {
	return backupExts[strings.ToLower(path.Ext(p))]
}

// Scan lists every reader and, with opts.Headers, reads the headers of
// backup-named files concurrently, at most two range requests per file (a
// third only when the decoder asks for a longer head). The result is sorted
// by container, then path. The error is a listing failure that stopped the
// scan (authentication, a missing container, cancellation).
func Scan(ctx context.Context, readers []Reader, opts ScanOptions) ([]Scanned, error) {
	if opts.Concurrency < 1 {
		opts.Concurrency = DefaultConcurrency
	}
	if opts.HeadBytes <= 0 {
		opts.HeadBytes = bakhdr.DefaultHeadBytes
	}
	if opts.TailBytes <= 0 {
		opts.TailBytes = bakhdr.DefaultTailBytes
	}
	onErr := opts.OnError
	if onErr == nil {
		onErr = func(string, error) {}
	}
	p := &progress{fn: opts.Progress}

	// Readers are listed in container order and each one's files sorted by
	// path, so the result is sorted by container, then path, without a
	// second copy of a possibly million-entry inventory; ends[k] is where
	// reader k's files stop, which tells the header reads whose file is whose.
	rs := slices.Clone(readers)
	slices.SortStableFunc(rs, func(a, b Reader) int { return strings.Compare(a.Container(), b.Container()) })
	var items []Scanned
	ends := make([]int, len(rs))
	for k, r := range rs {
		// Folder errors are qualified by container: paths alone would be
		// ambiguous across an account's containers.
		where := func(p string) string {
			if r.Container() == "" {
				return p
			}
			return r.Container() + "/" + p
		}
		start := len(items)
		err := r.List(ctx, "", func(o Object) error {
			items = append(items, Scanned{Container: r.Container(), Object: o})
			if !opts.Headers || !needsHeader(o) {
				p.add()
			}
			return nil
		}, func(p string, err error) { onErr(where(p), err) })
		if err != nil {
			return nil, err
		}
		slices.SortFunc(items[start:], func(a, b Scanned) int { return strings.Compare(a.Path, b.Path) })
		ends[k] = len(items)
	}

	if opts.Headers {
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(opts.Concurrency)
		k := 0
		for i := range items {
			for i >= ends[k] {
				k++
			}
			if !needsHeader(items[i].Object) {
				continue
			}
			if gctx.Err() != nil {
				break
			}
			it, r := &items[i], rs[k]
			g.Go(func() error {
				it.Header, it.HeaderErr = readHeader(gctx, r, it.Object, opts.HeadBytes, opts.TailBytes)
				p.add()
				return nil
			})
		}
		_ = g.Wait() // workers never fail: errors live in HeaderErr
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	return items, nil
}

// needsHeader: backups with bytes that are online. An Archive blob cannot be
// read until rehydrated (the archived-blob rule reports it), and an empty
// file has no header to read (empty-backup reports it).
func needsHeader(o Object) bool {
	return IsBackupName(o.Path) && o.Size > 0 && !strings.EqualFold(o.Tier, TierArchive)
}

// readHeader reads the head and the tail of a file, or all of it in one
// request when it is no longer than both, and decodes them.
func readHeader(ctx context.Context, r Reader, o Object, headN, tailN int64) (*bakhdr.Header, error) {
	var head, tail []byte
	var err error
	if o.Size <= headN+tailN {
		if head, err = r.ReadRange(ctx, o.Path, 0, o.Size); err != nil {
			return nil, readErr(err)
		}
	} else {
		if head, err = r.ReadRange(ctx, o.Path, 0, headN); err != nil {
			return nil, readErr(err)
		}
		if tail, err = r.ReadRange(ctx, o.Path, o.Size-tailN, tailN); err != nil {
			return nil, readErr(err)
		}
	}
	if int64(len(head)) == o.Size {
		tail = nil // the decoder takes a whole file as head alone
	}
	h, err := decodeHeader(head, tail, o.Size)
	var more *bakhdr.NeedMoreError
	if errors.As(err, &more) && more.HeadBytes > int64(len(head)) && int64(len(head)) < o.Size {
		n := min(more.HeadBytes, o.Size)
		if n > maxHeadBytes {
			return nil, fmt.Errorf("header of %s asks for its first %d bytes, more than the %d baklint reads: the file is likely corrupt", o.Path, n, maxHeadBytes)
		}
		if head, err = r.ReadRange(ctx, o.Path, 0, n); err != nil {
			return nil, readErr(err)
		}
		if int64(len(head)) == o.Size {
			tail = nil
		}
		h, err = decodeHeader(head, tail, o.Size)
	}
	if err != nil {
		return nil, err
	}
	return h, nil
}

func readErr(err error) error {
	// Reader errors already name the object; say what was being done.
	return fmt.Errorf("read header: %w", err)
}

type progress struct {
	mu   sync.Mutex
	done int
	fn   func(int)
}

func (p *progress) add() {
	if p.fn == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	p.fn(p.done)
}
