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
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usageError("rules takes no arguments, got %q", c.Args().Slice())
			}
			return report.RulesTable(c.App.Writer, layout.Rules())
		},
	}
}
