package blobscan

import (
	"iter"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/baklint/baklint/bakhdr"
)

// Listing is a scan's result, compact: a million objects in about 72 MB
// (plus their names), in fixed-size chunks that are never copied as they
// grow, where a []Scanned needs 170 MB and, while it grows, its old copy.
// Blob types and tiers are interned; a Scanned is made on demand.
type Listing struct {
	readers []Reader // sorted by container
	// ends[k] is where reader k's entries stop: readers are listed one
	// after the other, so an entry's reader is found, not stored.
	ends   []int
	chunks [][]entry
	n      int
	// names interns blob types and tiers; index 0 is "". Only add writes
	// it, so it needs no lock of its own (see add).
	names []string
	// order is the sorted order, by reader then path, of the entries; nil
	// when listing order is already sorted.
	order []int32
	// heads holds what reading files showed, for the files read only
	// (entry.head indexes it; 0 is none).
	heads   []head
	headsMu sync.Mutex
}

// head is what reading a file's first bytes showed.
type head struct {
	header    *bakhdr.Header
	headerErr error
	notBackup bool
}

const chunkBits = 12 // 4,096 entries, about 400 KB, a chunk

// entry is one object of a Listing.
type entry struct {
	path, etag string
	md5        string // the raw ContentMD5 bytes
	size       int64
	modified   int64 // UnixNano; 0 for the zero time
	head       int32 // index in Listing.heads, 0 when not read
	btype      uint8
	tier       uint8
	read       bool // its bytes are to be read (Scan decides as it lists)
}

func newListing(readers []Reader) *Listing {
	return &Listing{readers: readers, names: []string{""}, heads: []head{{}}}
}

// Len is the number of objects.
func (l *Listing) Len() int { return l.n }

func (l *Listing) at(i int) *entry { return &l.chunks[i>>chunkBits][i&(1<<chunkBits-1)] }

// intern returns the index of s in names, adding it the first time.
func (l *Listing) intern(s string) uint8 {
	if s == "" {
		return 0
	}
	if i := slices.Index(l.names, s); i >= 0 {
		return uint8(i)
	}
	if len(l.names) == 256 {
		return 0 // not a type or tier Azure has: 255 kinds already seen
	}
	l.names = append(l.names, strings.Clone(s))
	return uint8(len(l.names) - 1)
}

// readerOf is the index of the reader entry i was listed from.
func (l *Listing) readerOf(i int) int {
	k, _ := slices.BinarySearch(l.ends, i+1)
	return k
}

// add appends o, listed from the reader being listed, and returns its
// entry. Readers call it from one goroutine at a time (Reader.List's
// contract: Local and azstore hold a mutex around fn), which orders its
// writes to chunks, n and names; nothing else writes them.
func (l *Listing) add(o Object) *entry {
	if l.n>>chunkBits == len(l.chunks) {
		l.chunks = append(l.chunks, make([]entry, 1<<chunkBits))
	}
	e := l.at(l.n)
	l.n++
	*e = entry{path: o.Path, etag: o.ETag, md5: string(o.ContentMD5), size: o.Size,
		btype: l.intern(o.BlobType), tier: l.intern(o.Tier)}
	if !o.LastModified.IsZero() {
		e.modified = o.LastModified.UnixNano()
	}
	return e
}

// endReader closes the current reader's entries, from start, and sorts
// them by path.
func (l *Listing) endReader(start int) {
	l.ends = append(l.ends, l.n)
	if l.order == nil {
		sorted := true
		for i := start + 1; i < l.n && sorted; i++ {
			sorted = l.at(i-1).path <= l.at(i).path
		}
		if sorted {
			return
		}
		l.order = make([]int32, start, l.n)
		for i := range l.order {
			l.order[i] = int32(i)
		}
	}
	for i := len(l.order); i < l.n; i++ {
		l.order = append(l.order, int32(i))
	}
	slices.SortFunc(l.order[start:], func(a, b int32) int { return strings.Compare(l.at(int(a)).path, l.at(int(b)).path) })
}

// setHead records what reading e showed; header reads call it concurrently.
func (l *Listing) setHead(e *entry, h head) {
	l.headsMu.Lock()
	defer l.headsMu.Unlock()
	l.heads = append(l.heads, h)
	e.head = int32(len(l.heads) - 1)
}

func (l *Listing) object(e *entry) Object {
	o := Object{Path: e.path, Size: e.size, ETag: e.etag, BlobType: l.names[e.btype], Tier: l.names[e.tier]}
	if e.modified != 0 {
		o.LastModified = time.Unix(0, e.modified).UTC()
	}
	if e.md5 != "" {
		o.ContentMD5 = []byte(e.md5)
	}
	return o
}

// All yields every object, sorted by container, then path.
func (l *Listing) All() iter.Seq[Scanned] {
	return func(yield func(Scanned) bool) {
		for i := range l.n {
			if l.order != nil {
				i = int(l.order[i])
			}
			e := l.at(i)
			h := l.heads[e.head]
			s := Scanned{Container: l.readers[l.readerOf(i)].Container(), Object: l.object(e),
				Header: h.header, HeaderErr: h.headerErr, NotBackup: h.notBackup}
			if !yield(s) {
				return
			}
		}
	}
}
