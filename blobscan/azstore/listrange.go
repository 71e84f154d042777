package azstore

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"

	"github.com/baklint/baklint/blobscan"
)

// A listing task is a folder, listed hierarchically or flat, or a name
// range of a folder listed flat. A big folder is one marker chain of
// 5,000-name pages, each a round trip: 100,000 log backups take 20 pages
// one after the other. Range listing (startFrom, endBefore) cuts the rest
// of such a folder into name ranges listed at once.
type listTask struct {
	folder string
	flat   bool
	// lo and hi bound a range task: names from lo (after it when loExcl)
	// and before hi; "" is unbounded. Every name the service returns
	// outside them is dropped here, so a range is exact even where the
	// service ignores startFrom, or endBefore (which only Arrow honours).
	lo, hi string
	loExcl bool
}

func (t listTask) inRange(name string) bool {
	if t.lo != "" && (name < t.lo || t.loExcl && name == t.lo) {
		return false
	}
	return t.hi == "" || name < t.hi
}

// Tri-state answers learnt from the service, per container.
const (
	unknown int32 = iota
	yes
	no
)

// listState is what a Container learnt while listing. Arrow: whether the
// account answers in Arrow (asked until one answer says no). Ranges:
// whether the service honours startFrom (Azurite and API versions before
// 2026-02-06 ignore it), decided by the first probes.
type listState struct {
	arrow, ranges atomic.Int32
}

// List walks the container from prefix, folders concurrently. Depth is
// counted from the container root because paths are full blob names,
// whatever the prefix. The walk adapts to the tree: a folder is listed
// hierarchically (delimiter '/') while the walk needs more folders to keep
// its workers busy, and flat (its whole subtree in one listing) once at
// least flatWhenQueued × concurrency folders wait, which saves a request
// per subfolder of trees like Ola Hallengren's DB/FULL, DB/LOG. A folder
// whose first page is full while workers are idle is split into name
// ranges (split.go).
func (c *Container) List(ctx context.Context, prefix string, fn func(blobscan.Object) error, onErr func(path string, err error)) error {
	if onErr == nil {
		onErr = func(string, error) {}
	}
	prefix, ok := blobscan.NarrowPrefix(c.Scope, prefix)
	if !ok {
		return nil
	}
	l := &lister{c: c, fn: fn, onErr: onErr, limit: c.Options.concurrency()}
	return blobscan.Walk(ctx, l.limit, listTask{folder: prefix}, func(ctx context.Context, t listTask, push func(listTask)) error {
		waiting := l.queued.Add(-1) + 1
		if t.folder == prefix && !t.flat && t.lo == "" {
			waiting = 0 // the root is not a pushed task
			l.queued.Add(1)
		}
		if !t.flat && t.folder != prefix && waiting >= int64(flatWhenQueued*l.limit) {
			t.flat = true
		}
		return l.visit(ctx, t, func(n listTask) {
			l.queued.Add(1)
			push(n)
		})
	})
}

// flatWhenQueued × concurrency folders waiting is enough parallelism: the
// walk lists further folders flat.
const flatWhenQueued = 2

type lister struct {
	c      *Container
	fn     func(blobscan.Object) error
	onErr  func(path string, err error)
	limit  int
	fnMu   sync.Mutex
	queued atomic.Int64 // tasks pushed and not yet visited
}

// page is one decoded listing page.
type page struct {
	objects  []blobscan.Object
	prefixes []string
	next     string
	// first and last are the first and last names the service returned,
	// before any clipping to the task's range.
	first, last string
	lastIsDir   bool
}

func (l *lister) visit(ctx context.Context, t listTask, push func(listTask)) error {
	marker := ""
	peek := false
	for n := 0; ; n++ {
		size := l.pageSize(t, n)
		if peek {
			size = 1
		}
		p, err := l.fetch(ctx, t, marker, size)
		if err != nil {
			err = l.c.Auth.classify(err, "list", l.c.folderURL(t.folder))
			if isFatal(ctx, err) {
				return err
			}
			l.onErr(t.folder, err)
			return nil
		}
		for _, d := range p.prefixes {
			push(listTask{folder: d})
		}
		if err := l.emit(t, p.objects); err != nil {
			return err
		}
		if p.next == "" || t.hi != "" && p.last >= t.hi {
			return nil
		}
		if l.worthSplitting(p) {
			if parts := l.split(ctx, t, p); parts != nil {
				for _, n := range parts {
					push(n)
				}
				return nil
			}
		}
		marker = p.next
		// Without endBefore (XML) a bounded range learns it has ended from
		// a page of names past its end: peek with a one-name page first,
		// 20 ms instead of a page of names thrown away.
		peek = !peek && t.hi != "" && l.c.list.arrow.Load() != yes
	}
}

func (l *lister) emit(t listTask, objs []blobscan.Object) error {
	l.fnMu.Lock()
	defer l.fnMu.Unlock()
	for _, o := range objs {
		if !t.inRange(o.Path) {
			continue
		}
		if err := l.fn(o); err != nil {
			return err
		}
	}
	return nil
}

// fetch lists one page of t from marker, asking for Arrow unless the
// account said no, and learns from the answer whether it does Arrow.
func (l *lister) fetch(ctx context.Context, t listTask, marker string, max int32) (page, error) {
	wantArrow := l.c.list.arrow.Load() != no
	format := container.StorageResponseFormatXML
	if wantArrow {
		format = container.StorageResponseFormatArrow
	}
	var (
		prefix, lo, hi, mark *string
		maxp                 *int32
	)
	if t.folder != "" {
		prefix = &t.folder
	}
	if t.lo != "" {
		lo = &t.lo
	}
	if t.hi != "" {
		hi = &t.hi
	}
	if marker != "" {
		mark = &marker
	}
	if max > 0 {
		maxp = &max
	}
	sink := &listSink{}
	sctx := withSink(ctx, sink)
	var p page
	if t.flat || t.lo != "" || t.hi != "" {
		pager := l.c.Client.NewListBlobsFlatPager(&container.ListBlobsFlatOptions{
			Prefix: prefix, Marker: mark, MaxResults: maxp, StartFrom: lo, EndBefore: hi, ResponseFormat: format,
		})
		resp, err := pager.NextPage(sctx)
		if err != nil {
			return page{}, err
		}
		if !sink.ok && resp.Segment != nil {
			sink.objects = objectsOf(resp.Segment.BlobItems)
		}
		p.next = deref(resp.NextMarker)
	} else {
		pager := l.c.Client.NewListBlobsHierarchyPager("/", &container.ListBlobsHierarchyOptions{
			Prefix: prefix, Marker: mark, MaxResults: maxp, ResponseFormat: format,
		})
		resp, err := pager.NextPage(sctx)
		if err != nil {
			return page{}, err
		}
		if !sink.ok && resp.Segment != nil {
			sink.objects = objectsOf(resp.Segment.BlobItems)
			sink.prefixes = sink.prefixes[:0]
			for _, bp := range resp.Segment.BlobPrefixes {
				if bp.Name != nil {
					sink.prefixes = append(sink.prefixes, *bp.Name)
				}
			}
		}
		p.next = deref(resp.NextMarker)
	}
	if wantArrow && l.c.list.arrow.Load() == unknown {
		if sink.arrow {
			l.c.list.arrow.Store(yes)
		} else {
			l.c.list.arrow.Store(no)
		}
	}
	p.objects, p.prefixes = sink.objects, sink.prefixes
	p.first, p.last, p.lastIsDir = bounds(p.objects, p.prefixes)
	return p, nil
}

// bounds are the first and last names of a page; a page is sorted, with
// blobs and prefixes interleaved in name order.
func bounds(objs []blobscan.Object, dirs []string) (first, last string, lastIsDir bool) {
	if len(objs) > 0 {
		first, last = objs[0].Path, objs[len(objs)-1].Path
	}
	if len(dirs) > 0 {
		if first == "" || dirs[0] < first {
			first = dirs[0]
		}
		if d := dirs[len(dirs)-1]; d > last {
			last, lastIsDir = d, true
		}
	}
	return first, last, lastIsDir
}
