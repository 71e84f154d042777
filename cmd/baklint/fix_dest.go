package main

import (
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/blobscan/azstore"
	"github.com/baklint/baklint/blobscan/store"
	"github.com/baklint/baklint/errclass"
	"github.com/baklint/baklint/fix"
)

// fixSelectFlags select moves by database, when planning and when applying.
var fixSelectFlags = []cli.Flag{
	&cli.StringSliceFlag{Name: "include-database", Usage: "only databases matching `GLOB` (repeatable; *, ?, [...])"},
	&cli.StringSliceFlag{Name: "exclude-database", Usage: "leave out databases matching `GLOB` (repeatable)"},
}

func fixSelection(c *cli.Context) (fix.Selection, error) {
	s := fix.Selection{Include: c.StringSlice("include-database"), Exclude: c.StringSlice("exclude-database")}
	return s, s.Validate()
}

// openDest opens DEST like a source, except that a container that does
// not exist yet is no error: the plan says apply creates it. Any other
// destination that does not exist is bad input (exit 2).
func openDest(c *cli.Context, raw string) (*store.Source, error) {
	s, err := openOne(c, raw, "DEST", true)
	if errors.Is(err, errclass.NotFound) {
		return nil, errclass.Errorf(errclass.BadInput, "destination does not exist: %w; create it first or fix --dest", err)
	}
	return s, err
}

// prepareFixPlan narrows a new plan to the selected databases and records
// what each destination name holds, before it is shown or saved.
func prepareFixPlan(c *cli.Context, plan *fix.PlanDoc, src, dst *store.Source) error {
	sel, err := fixSelection(c)
	if err != nil {
		return err
	}
	sel.Filter(plan)
	plan.Warnings = append(plan.Warnings, sasWarnings(src, dst, plan.DeleteSource)...)
	var dr blobscan.Reader
	if len(dst.Readers) > 0 {
		dr = dst.Readers[0]
	}
	return fix.InspectDest(c.Context, plan, src.Readers[0], dr, dst.Missing)
}

// sasWarnings says in a dry run, from the SAS permissions alone (nothing is
// written to find out), what --apply would be refused.
func sasWarnings(src, dst *store.Source, deleteSource bool) []string {
	var out []string
	lacks := func(s *store.Source, want string) string {
		if len(s.Readers) == 0 {
			return ""
		}
		if c, ok := s.Readers[0].(*azstore.Container); ok {
			return c.SASLacks(want)
		}
		return ""
	}
	if m := lacks(dst, "rlcw"); m != "" {
		out = append(out, fmt.Sprintf("the destination SAS does not grant %q (of r, l, c, w): --apply would stop before its first copy; give a SAS with Read, List, Create and Write", m))
	}
	if m := lacks(src, "r"); m != "" {
		out = append(out, "the source SAS does not grant Read: --apply would stop before its first copy")
	}
	if deleteSource {
		if m := lacks(src, "d"); m != "" {
			out = append(out, "the source SAS does not grant Delete: with --delete-source every copy would be made but no source deleted")
		}
	}
	return out
}
