package fix

import (
	"context"
	"errors"
	"fmt"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/errclass"
)

// preflight runs before the first copy (SPEC §8.7): the destination root
// exists or is created, and one cheap request each proves that the
// destination can be written and the source read. A refusal stops the run
// with one line naming the permission (exit 3), instead of one failure per
// file.
func preflight(ctx context.Context, d *PlanDoc, src blobscan.Reader, dst blobscan.Writer, onEvent func(Event)) error {
	err := dst.Ready(ctx)
	if errors.Is(err, errclass.NotFound) {
		rc, ok := dst.(blobscan.RootCreator)
		if !ok {
			return errclass.Errorf(errclass.BadInput, "destination %s does not exist: create it, then apply the plan again", dst.Location())
		}
		if err = rc.CreateRoot(ctx); err != nil {
			return err
		}
		if onEvent != nil {
			onEvent(Event{Kind: EventNote, Reason: "created the destination container " + dst.Location()})
		}
	}
	if err != nil {
		return fmt.Errorf("destination %s: %w", dst.Location(), err)
	}
	if len(d.Moves) == 0 {
		return nil
	}
	if wc, ok := dst.(blobscan.WriteChecker); ok {
		if err := wc.CheckWrite(ctx); errors.Is(err, errclass.Auth) {
			return fmt.Errorf("cannot write to the destination, nothing was copied: %w", err)
		}
	}
	// One byte of the first source: Read is what every copy needs, from a
	// local read to the service's read of a copy source.
	if _, err := src.ReadRange(ctx, d.Moves[0].From, 0, 1); errors.Is(err, errclass.Auth) {
		return fmt.Errorf("cannot read the source, nothing was copied: %w", err)
	}
	return nil
}
