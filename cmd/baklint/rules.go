package main

import (
	"github.com/urfave/cli/v2"

	"github.com/baklint/baklint/layout"
	"github.com/baklint/baklint/report"
)

func rulesCommand() *cli.Command {
	return &cli.Command{
		Name:  "rules",
		Usage: "list every rule with its ID, severity, targets and documentation link",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Value: report.FormatNames("rules")[0], Usage: report.FormatUsage("rules")},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usageError("rules takes no arguments, got %q", c.Args().Slice())
			}
			f, err := report.LookupFormat("rules", c.String("format"))
			if err != nil {
				return usageError("%v", err)
			}
			return f.Render(c.App.Writer, report.Job{Rules: layout.Rules()})
		},
	}
}
