package azstore

import (
	"context"
	"slices"

	"golang.org/x/sync/errgroup"

	"github.com/baklint/baklint/blobscan"
)

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
