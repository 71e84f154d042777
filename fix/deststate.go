package fix

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/errclass"
)

// What a destination name holds when the plan is made (Move.Dest).
const (
	// DestNew: nothing (or a half-written copy of baklint's, which apply
	// replaces): apply writes it.
	DestNew = "new"
	// DestDone: the same content: apply has nothing to write.
	DestDone = "done"
	// DestConflict: other content: apply never overwrites it and skips the
	// move.
	DestConflict = "conflict"
)

// destReadConcurrency bounds the destination reads of a plan.
const destReadConcurrency = 16

// readDest records in each move what its destination name holds now (SPEC
// §7), so that the dry run shows conflicts and finished copies before
// anything is written. A name the folder's listing does not hold is new
// without another request. One it holds (or holds in other letter case,
// on a case-insensitive local disk), and every name of a folder whose
// listing reported a failure, is read the way apply will read it: its
// properties carry the Content-MD5 a listing may leave out, and a read
// that fails is an error rather than "new".
func readDest(ctx context.Context, d *PlanDoc, src, dst blobscan.Reader, listed map[string]*destFolder) error {
	held := map[string]bool{}
	for _, f := range listed {
		for _, o := range f.objs {
			held[strings.ToLower(o.Path)] = true
		}
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(destReadConcurrency)
	for i := range d.Moves {
		to := d.Moves[i].To
		if f := listed[path.Dir(to)]; f != nil && f.incomplete == nil && !held[strings.ToLower(to)] {
			d.Moves[i].Dest = DestNew
			continue
		}
		g.Go(func() error {
			st, err := destState(gctx, src, dst, d.Moves[i])
			d.Moves[i].Dest = st
			return err
		})
	}
	return g.Wait()
}

// destState classifies one destination name the way apply will treat it.
func destState(ctx context.Context, src, dst blobscan.Reader, m Move) (string, error) {
	obj, err := dst.Properties(ctx, m.To)
	if errors.Is(err, errclass.NotFound) {
		return DestNew, nil
	}
	if err != nil {
		return "", fmt.Errorf("read the destination %s: %w", m.To, err)
	}
	if w, ok := dst.(blobscan.Writer); ok {
		st, err := w.Stamp(ctx, m.To)
		if err != nil {
			return "", fmt.Errorf("read the destination %s: %w", m.To, err)
		}
		switch classifyDest(st, m) {
		case destForeign:
			return DestConflict, nil
		case destOurs:
			finished := st.State == blobscan.StampComplete || st.State == blobscan.StampCopying && st.CopyStatus == "success"
			if finished && obj.Size == m.Size && typeOK(obj, m) {
				return DestDone, nil
			}
			return DestNew, nil // ours, unfinished: apply removes and redoes it
		}
	}
	same, err := sameContent(ctx, nil, src, dst, m, obj)
	if err != nil {
		return "", fmt.Errorf("compare the destination %s with %s: %w", m.To, m.From, err)
	}
	if same && typeOK(obj, m) {
		return DestDone, nil
	}
	return DestConflict, nil
}
