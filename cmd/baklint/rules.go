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
			&cli.StringFlag{Name: "format", Value: "text", Usage: "text or json"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usageError("rules takes no arguments, got %q", c.Args().Slice())
			}
			switch f := c.String("format"); f {
			case "text":
				return report.RulesTable(c.App.Writer, layout.Rules())
			case "json":
				return report.RulesJSON(c.App.Writer, layout.Rules())
			default:
				return usageError("unknown --format %q: use text or json", f)
			}
		},
	}
}
