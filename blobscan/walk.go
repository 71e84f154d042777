package blobscan

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

// DefaultConcurrency is how many folders are listed, or headers read, at once
// when the caller does not say.
const DefaultConcurrency = 16

// Walk visits root and every item pushed from it, at most limit at a time,
// one goroutine per item. Items are folders, or for a lister that splits a
// folder into name ranges, ranges as well. visit reports each subfolder
// through push as soon as it is known (so other workers can start on it
// while this folder's later pages are fetched); a non-nil error stops the
// whole walk, so a visitor hands failures that should not stop it to its
// onErr instead. Workers never block on starting another goroutine (a
// pending queue feeds them), so a wide tree cannot deadlock the errgroup
// limit. It returns the first error a visit returned, or ctx.Err().
func Walk[T any](ctx context.Context, limit int, root T, visit func(ctx context.Context, item T, push func(T)) error) error {
	if limit < 1 {
		limit = DefaultConcurrency
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(limit)

	var (
		mu      sync.Mutex
		cond    = sync.NewCond(&mu)
		pending = []T{root}
		active  int
	)
	push := func(sub T) {
		mu.Lock()
		pending = append(pending, sub)
		mu.Unlock()
		cond.Signal()
	}
	for {
		mu.Lock()
		for len(pending) == 0 && active > 0 {
			cond.Wait()
		}
		if len(pending) == 0 || gctx.Err() != nil {
			mu.Unlock()
			break
		}
		// Depth first keeps the queue short on deep trees.
		folder := pending[len(pending)-1]
		pending = pending[:len(pending)-1]
		active++
		mu.Unlock()
		// g.Go blocks here, in the dispatcher, while limit visits run.
		g.Go(func() error {
			defer func() {
				mu.Lock()
				active--
				mu.Unlock()
				cond.Signal()
			}()
			return visit(gctx, folder, push)
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return ctx.Err()
}
