package fix

import (
	"context"
	"fmt"
	"path"
	"sort"

	"golang.org/x/sync/errgroup"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/errclass"
)

// InspectDest reads, before anything is written, what the destination
// already holds, for the dry run and the saved plan: it keeps a second
// database out of a folder (checkDestFolders) and records in each move what
// its name holds (Move.Dest). One listing of each destination folder serves
// both, so a destination that holds none of the names costs one List per
// folder rather than a request per move. It only reads. dst is nil for a
// local folder that does not exist yet; missing says the destination
// container does not exist, which the plan records as a warning (apply
// creates it).
func InspectDest(ctx context.Context, d *PlanDoc, src, dst blobscan.Reader, missing bool) error {
	if missing {
		d.Warnings = append(d.Warnings, fmt.Sprintf("the destination container %s does not exist: --apply creates it", d.Dest))
	}
	if dst == nil || missing {
		for i := range d.Moves {
			d.Moves[i].Dest = DestNew
		}
		return nil
	}
	listed, err := listDestFolders(ctx, d, dst)
	if err != nil {
		return err
	}
	if err := checkDestFolders(ctx, d, dst, listed); err != nil {
		return err
	}
	return readDest(ctx, d, src, dst, listed)
}

// destFolder is what one listing of a destination folder found: the files
// directly in it, and whether the listing reported a failure on the way (a
// throttled page, an unreadable entry), which leaves it incomplete.
type destFolder struct {
	objs       []blobscan.Object
	incomplete error // the first failure the listing reported, if any
}

// listDestFolders lists each folder the plan writes to, once.
func listDestFolders(ctx context.Context, d *PlanDoc, dst blobscan.Reader) (map[string]*destFolder, error) {
	listed := map[string]*destFolder{}
	for _, m := range d.Moves {
		dir := path.Dir(m.To)
		if _, done := listed[dir]; done {
			continue
		}
		f := &destFolder{}
		err := dst.List(ctx, dir+"/", func(o blobscan.Object) error {
			if path.Dir(o.Path) == dir {
				f.objs = append(f.objs, o)
			}
			return nil
		}, func(p string, err error) {
			if f.incomplete == nil {
				f.incomplete = fmt.Errorf("%s: %w", p, err)
			}
		})
		if err != nil {
			return nil, fmt.Errorf("list the destination folder %s: %w", dir, err)
		}
		sort.Slice(f.objs, func(a, b int) bool { return f.objs[a].Path < f.objs[b].Path })
		listed[dir] = f
	}
	return listed, nil
}

// checkDestFolders keeps two databases out of one destination folder
// across runs. The plan gives every identity of a name its own folder, but
// only among the files it was made from: fixing an account one container at
// a time, or two sources into one destination, could put a second database
// that shares a name into a folder that already holds the first. So the
// backups already in each folder a plan writes to are read, and every move
// into a folder holding another database (another BindingID, or another
// name) is skipped, with the reason. The plan's own earlier copies hold its
// own database, so a rerun passes.
func checkDestFolders(ctx context.Context, d *PlanDoc, dst blobscan.Reader, listed map[string]*destFolder) error {
	type folder struct {
		name, binding string
		moves         []int
		other         string // the first other database found there
	}
	folders := map[string]*folder{}
	var order []string
	for i, m := range d.Moves {
		dir := path.Dir(m.To)
		f := folders[dir]
		if f == nil {
			f = &folder{name: m.Database, binding: m.BindingID}
			folders[dir] = f
			order = append(order, dir)
		}
		f.moves = append(f.moves, i)
	}
	for _, dir := range order {
		// What a folder holds that its listing missed could be another
		// database; the plan cannot say the folder is safe.
		if err := listed[dir].incomplete; err != nil {
			return errclass.Errorf(errclass.Storage, "could not list all of the destination folder %s/, so whether it holds another database is unknown: %w; run again, or plan into another prefix", dir, err)
		}
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(destReadConcurrency)
	for _, dir := range order {
		f, objs := folders[dir], listed[dir].objs
		g.Go(func() error {
			for _, o := range objs {
				s, err := blobscan.ReadOne(gctx, dst, o)
				if err != nil {
					return fmt.Errorf("read the destination %s: %w", o.Path, err)
				}
				h := s.Header
				if h == nil {
					continue
				}
				if h.DatabaseName != f.name || (f.binding != "" && h.BindingID != "" && h.BindingID != f.binding) {
					f.other = fmt.Sprintf("%s (database %q from server %q, BindingID %s)", o.Path, h.DatabaseName, h.ServerName, h.BindingID)
					return nil
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	skipped := map[int]bool{}
	for _, dir := range order {
		f := folders[dir]
		if f.other == "" {
			continue
		}
		for _, i := range f.moves {
			skipped[i] = true
			d.Skipped = append(d.Skipped, Skip{Path: d.Moves[i].From, Reason: fmt.Sprintf("destination folder %s/ already holds another database: %s; two databases in one folder fail DMS and LRS: fix into another destination, or move those backups out first", dir, f.other)})
		}
	}
	if len(skipped) == 0 {
		return nil
	}
	kept := d.Moves[:0]
	for i, m := range d.Moves {
		if !skipped[i] {
			kept = append(kept, m)
		}
	}
	d.Moves = kept
	sort.SliceStable(d.Skipped, func(i, j int) bool { return d.Skipped[i].Path < d.Skipped[j].Path })
	return nil
}
