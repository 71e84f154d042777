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
	Header *bakhdr.Header
	// HeaderErr says why the bytes that were read are no readable backup
	// header (not a backup, truncated, damaged). Failing to read them at
	// all is a storage failure and stops the scan instead: a header that
	// was never read must not become a finding (SPEC §4, §9).
	HeaderErr error
	// NotBackup: the file's first bytes were read and carry no SQL Server
	// backup signature (TAPE or MSSQLBAK), whatever its name says.
	NotBackup bool
}

// ScanOptions tune Scan. The zero value lists only.
type ScanOptions struct {
	Concurrency int
	// Headers reads the header of every backup-named file, and sniffs the
	// first bytes of every other file for a backup signature, so that what
	// is a backup is decided by content rather than by name (SPEC §5).
	Headers bool
	// HeadBytes and TailBytes are the ranges read from each end of a file
	// (default bakhdr.DefaultHeadBytes and DefaultTailBytes, 256 KiB).
	HeadBytes, TailBytes int64
	// OnError receives failures of single folders; the scan goes on.
	OnError func(path string, err error)
	// Skip reports whether a listed file is left out (a configured
	// exclude; the path is the listed Object.Path). It is still listed, so
	// that the caller can count what it leaves out, but none of its bytes
	// are read: an excluded archive of thousands of backups costs no range
	// request.
	Skip func(path string) bool
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
// third only when the decoder asks for a longer head), and sniffs the first
// bytes of other files. The result is sorted by container, then path. The
// error is a listing failure that stopped the scan (authentication, a
// missing container, cancellation) or a read that failed for a storage
// reason (a SAS without Read permission, a blob gone since it was listed).
// ScanListing is the same scan without the expanded copy.
func Scan(ctx context.Context, readers []Reader, opts ScanOptions) ([]Scanned, error) {
	l, err := ScanListing(ctx, readers, opts)
	if err != nil {
		return nil, err
	}
	items := make([]Scanned, 0, l.Len())
	for s := range l.All() {
		items = append(items, s)
	}
	return items, nil
}

// ScanListing is Scan, with the result kept compact (listing.go): 72 bytes
// an object instead of a Scanned's 168, headers only for the files read,
// and no slice that doubles as it grows.
func ScanListing(ctx context.Context, readers []Reader, opts ScanOptions) (*Listing, error) {
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
	// path, so the result is sorted by container, then path.
	rs := slices.Clone(readers)
	slices.SortStableFunc(rs, func(a, b Reader) int { return strings.Compare(a.Container(), b.Container()) })
	l := newListing(rs)
	for _, r := range rs {
		// Folder errors are qualified by container: paths alone would be
		// ambiguous across an account's containers.
		where := func(p string) string {
			if r.Container() == "" {
				return p
			}
			return r.Container() + "/" + p
		}
		start := l.Len()
		err := r.List(ctx, "", func(o Object) error {
			// Whether the file is read is decided here, once, while its
			// Object is at hand: the header loop below then tests a flag
			// instead of rebuilding an Object (an MD5 copy, a time) for
			// every listed file.
			e := l.add(o)
			e.read = opts.Headers && needsRead(o) && (opts.Skip == nil || !opts.Skip(o.Path))
			if !e.read {
				p.add()
			}
			return nil
		}, func(p string, err error) { onErr(where(p), err) })
		if err != nil {
			return nil, err
		}
		l.endReader(start)
	}

	if opts.Headers {
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(opts.Concurrency)
		for i := range l.Len() {
			e := l.at(i)
			if !e.read {
				continue
			}
			if gctx.Err() != nil {
				break
			}
			r := rs[l.readerOf(i)]
			g.Go(func() error {
				it := Scanned{Object: l.object(e)}
				if err := read(gctx, r, &it, opts.HeadBytes, opts.TailBytes); err != nil {
					return err
				}
				l.setHead(e, head{header: it.Header, headerErr: it.HeaderErr, notBackup: it.NotBackup})
				p.add()
				return nil
			})
		}
		err := g.Wait()
		if cerr := ctx.Err(); cerr != nil {
			return nil, cerr
		}
		if err != nil {
			return nil, err
		}
	}
	return l, nil
}

// needsRead: files with bytes that are online. An Archive blob cannot be
// read until rehydrated (the archived-blob rule reports it), and an empty
// file has no header to read (empty-backup reports it). Files too small to
// hold a backup's first block are not sniffed.
func needsRead(o Object) bool {
	if o.Size <= 0 || strings.EqualFold(o.Tier, TierArchive) {
		return false
	}
	return IsBackupName(o.Path) || o.Size >= minBackupSize
}

// minBackupSize: the TAPE block alone is 1 KiB; a smaller file that is not
// named like a backup is not sniffed.
const minBackupSize = 1024

// sniffBytes is how much of a file without a backup extension is read to
// look for a backup signature: "MSSQLBAK" is the longer one.
const sniffBytes = 8

// read fills it's Header, HeaderErr and NotBackup. A file named like a
// backup has its header read at once; any other file is sniffed first,
// which costs one small request and keeps non-backups cheap. The error is a
// storage failure, which stops the scan.
func read(ctx context.Context, r Reader, it *Scanned, headN, tailN int64) error {
	if !IsBackupName(it.Path) {
		b, err := r.ReadRange(ctx, it.Path, 0, sniffBytes)
		if err != nil {
			return readErr(err)
		}
		if !bakhdr.HasSignature(b) {
			it.NotBackup = true
			return nil
		}
	}
	h, err := readHeader(ctx, r, it.Object, headN, tailN)
	var se *storageError
	if errors.As(err, &se) {
		return se.err
	}
	it.Header, it.HeaderErr = h, err
	it.NotBackup = errors.Is(err, bakhdr.ErrNotBackup)
	return nil
}

// storageError marks a failed read inside readHeader, as opposed to bytes
// that were read and do not decode.
type storageError struct{ err error }

func (e *storageError) Error() string { return e.err.Error() }
func (e *storageError) Unwrap() error { return e.err }

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
	// Reader errors already name the object and carry their class; say
	// what was being done, and that it stops the scan.
	if errors.Is(err, ErrAuth) {
		return &storageError{fmt.Errorf("the files can be listed but not read, so their backup headers cannot be checked: %w", err)}
	}
	return &storageError{fmt.Errorf("reading backup headers: %w", err)}
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

// ReadOne reads what Scan would of one listed object: its header, or why
// its bytes are no backup header. The error is a storage failure.
func ReadOne(ctx context.Context, r Reader, o Object) (Scanned, error) {
	s := Scanned{Container: r.Container(), Object: o}
	if !needsRead(o) {
		return s, nil
	}
	err := read(ctx, r, &s, bakhdr.DefaultHeadBytes, bakhdr.DefaultTailBytes)
	return s, err
}
