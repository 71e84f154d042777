package main

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/urfave/cli/v2"

	"github.com/baklint/baklint/handoff"
	"github.com/baklint/baklint/layout"
)

func explainCommand() *cli.Command {
	return &cli.Command{
		Name:      "explain",
		Usage:     "map what DMS or LRS reported (MigrationStatusDetails, restoreDetails) to the baklint rules and remedies, with SOURCE's findings",
		ArgsUsage: "STATUS_FILE [SOURCE]",
		Flags: slices.Concat([]cli.Flag{
			&cli.StringFlag{Name: "target", Usage: "target to lint SOURCE for (default: lrs for LRS, mi for DMS to Managed Instance, any for a SQL VM)"},
		}, sourceFlags),
		Action: func(c *cli.Context) error {
			if c.NArg() < 1 || c.NArg() > 2 {
				return usageError("explain takes STATUS_FILE and an optional SOURCE, got %d arguments (see baklint explain --help)", c.NArg())
			}
			file := c.Args().Get(0)
			data, err := os.ReadFile(file)
			if err != nil {
				return usageError("cannot read status file %s: %v", file, err)
			}
			st, err := handoff.ParseStatus(data)
			if err != nil {
				return fmt.Errorf("status file %s: %w; give the JSON of az datamigration … show --expand MigrationStatusDetails or of LRS restoreDetails", file, err)
			}
			var res *layout.Result
			if c.NArg() == 2 {
				target, err := layout.LookupTarget(cmp.Or(c.String("target"), st.Target))
				if err != nil {
					return err
				}
				inv, scanErr := inventory(c, c.Args().Get(1))
				if inv == nil {
					return scanErr
				}
				if scanErr != nil {
					return scanErr
				}
				res = layout.Lint(inv, target)
			}
			return writeOutputs(c.App.Writer, []output{{format: "text"}}, func(w io.Writer, _ output) error {
				return handoff.WriteExplanation(w, st, handoff.Explain(st, res), res)
			})
		},
	}
}
