package azstore

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"
	"golang.org/x/sync/errgroup"

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

func objectsOf(items []*container.BlobItem) []blobscan.Object {
	var out []blobscan.Object
	var mu sync.Mutex
	_ = emit(&mu, items, func(o blobscan.Object) error { out = append(out, o); return nil })
	return out
}

// probe is the first name at or after from (before hi) under folder, "" if
// none, and whether the service honoured startFrom.
func (l *lister) probe(ctx context.Context, folder, from, hi string) (string, bool, error) {
	p, err := l.fetch(ctx, listTask{folder: folder, flat: true, lo: from, hi: hi}, "", 1)
	if err != nil {
		return "", false, err
	}
	if len(p.objects) == 0 {
		return "", true, nil
	}
	name := p.objects[0].Path
	if name < from {
		return "", false, nil
	}
	if hi != "" && name >= hi {
		return "", true, nil
	}
	return name, true, nil
}

// probeAll probes every candidate at once (bounded by the concurrency).
// ok is false when the service ignored startFrom.
func (l *lister) probeAll(ctx context.Context, folder, hi string, cands []string) (firsts []string, ok bool, err error) {
	firsts = make([]string, len(cands))
	honoured := make([]bool, len(cands))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(l.limit)
	for i, b := range cands {
		g.Go(func() error {
			var err error
			firsts[i], honoured[i], err = l.probe(gctx, folder, b, hi)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, false, err
	}
	return firsts, !slices.Contains(honoured, false), nil
}

// worthSplitting: the page is a big one of files (a folder of folders is
// already parallel), range listing is not known to be ignored, and the walk
// has idle workers to give the ranges to.
func (l *lister) worthSplitting(p page) bool {
	return l.c.list.ranges.Load() != no && len(p.objects) >= minSplitPage && len(p.objects) > len(p.prefixes) &&
		l.queued.Load() < int64(l.limit)
}

// rangePage is the page size of a range's first page, and of every page of
// a bounded range where endBefore is not honoured (XML): a small first page
// lets a big range split sooner, and a page that runs past the range's end
// returns at most this many names that are dropped.
var rangePage int32 = 1000

func (l *lister) pageSize(t listTask, n int) int32 {
	size := l.c.Options.PageSize
	if t.lo == "" && t.hi == "" {
		return size
	}
	if n == 0 || t.hi != "" && l.c.list.arrow.Load() != yes {
		if size <= 0 || size > rangePage {
			size = rangePage
		}
	}
	return size
}

// minSplitPage: a page smaller than this is a page size set for a test or a
// short folder; splitting it costs more round trips than it saves.
var minSplitPage = 1000

// split cuts the rest of t after page p into name ranges, or returns nil
// (the caller goes on with the marker chain): when the service ignores
// startFrom, when a probe fails, or when there is nothing to cut.
func (l *lister) split(ctx context.Context, t listTask, p page) []listTask {
	rest := restAfter(t, p)
	cands := candidates(t.folder, p.first, p.last, t.hi, func(j int) []byte { return alphabetAt(p.objects, j) })
	if len(cands) == 0 {
		return nil
	}
	firsts, honoured, err := l.probeAll(ctx, t.folder, t.hi, cands)
	if err != nil {
		return nil // the marker chain goes on, and reports a lasting failure
	}
	if !honoured {
		l.c.list.ranges.Store(no)
		return nil
	}
	l.c.list.ranges.Store(yes)
	starts := slices.Compact(slices.Sorted(slices.Values(slices.DeleteFunc(firsts, func(s string) bool { return s == "" || !rest.inRange(s) }))))
	if len(starts) == 0 {
		return nil // nothing left to cut: the chain goes on
	}
	out := make([]listTask, 0, len(starts)+1)
	for _, s := range starts {
		rest.hi = s
		out = append(out, rest)
		rest = listTask{folder: t.folder, flat: true, lo: s, hi: t.hi}
	}
	return append(out, rest)
}

// restAfter is what is left of t after page p, as a flat range: it starts
// after the last name returned, or after the whole subtree when that was a
// folder (pushed as a task of its own, which lists its files).
func restAfter(t listTask, p page) listTask {
	rest := listTask{folder: t.folder, flat: true, lo: p.last, loExcl: true, hi: t.hi}
	if p.lastIsDir {
		rest.lo, rest.loExcl = succ(p.last), false
	}
	return rest
}

// succ is the least name after every name that starts with s.
func succ(s string) string {
	b := []byte(s)
	for len(b) > 0 && b[len(b)-1] == 0xff {
		b = b[:len(b)-1]
	}
	if len(b) == 0 {
		return ""
	}
	b[len(b)-1]++
	return string(b)
}

// alphabetAt is the bytes the page's names have at position j, and every
// digit once one is there (a page may not show them all): where cuts fall
// at j. Names outside it are still listed (ranges are contiguous); a byte
// the page does not show at j is found by a later split of the last range.
func alphabetAt(objs []blobscan.Object, j int) []byte {
	var seen [256]bool
	for _, o := range objs {
		if j < len(o.Path) {
			seen[o.Path[j]] = true
		}
	}
	if slices.Contains(seen['0':'9'+1], true) {
		for d := '0'; d <= '9'; d++ {
			seen[d] = true
		}
	}
	var out []byte
	for c, ok := range seen {
		if ok {
			out = append(out, byte(c))
		}
	}
	return out
}

// maxCandidates bounds the probes of one split.
const maxCandidates = 160

// candidates are split points after last and before hi: last's first j
// bytes then a larger byte of the alphabet, for every position j from
// where the page's first and last names differ back to the folder. Names
// like db_000000..db_004999 on the first page give db_005.. db_009,
// db_01.. db_09, db_1.. db_9: a cut per order of magnitude of what is left.
func candidates(folder, first, last, hi string, alphabet func(j int) []byte) []string {
	d := len(folder)
	for d < len(first) && d < len(last) && first[d] == last[d] {
		d++
	}
	if d >= len(last) {
		return nil
	}
	var out []string
	for j := d; j >= len(folder) && len(out) < maxCandidates; j-- {
		for _, ch := range alphabet(j) {
			if ch <= last[j] {
				continue
			}
			b := last[:j] + string(ch)
			if hi != "" && b >= hi {
				break
			}
			out = append(out, b)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
