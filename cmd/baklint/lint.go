package main

import (
	"slices"

	"github.com/urfave/cli/v2"

	"github.com/baklint/baklint/layout"
	"github.com/baklint/baklint/report"
)

func lintCommand() *cli.Command {
	return &cli.Command{
		Name:      "lint",
		Usage:     "check a layout against the rules of a restore target",
		ArgsUsage: "SOURCE",
		Flags: slices.Concat([]cli.Flag{
			flagTarget,
			&cli.StringSliceFlag{Name: "format", Usage: report.FormatUsage("lint") + "; repeatable, paired with --output in order"},
			&cli.StringSliceFlag{Name: "output", Usage: "write the matching --format to FILE; repeatable"},
			&cli.StringFlag{Name: "fail-on", Value: "error", Usage: "exit 1 on findings at or above: error, warning, info, never"},
			&cli.DurationFlag{Name: "window", Usage: "maintenance window for the migration batch plan (e.g. 4h)"},
			&cli.StringFlag{Name: "plan", Usage: "a saved fix plan (baklint fix --plan) to show in the HTML report"},
		}, sourceFlags, []cli.Flag{
			flagQuiet, flagConfig,
			&cli.BoolFlag{Name: "print-config", Usage: "print the settings in force and where each came from, and exit"},
		}),
		Action: func(c *cli.Context) error {
			st, err := settingsOf(c)
			if err != nil {
				return err
			}
			if c.Bool("print-config") {
				return st.print(c.App.Writer)
			}
			src, err := sourceArg(c)
			if err != nil {
				return err
			}
			target, err := layout.LookupTarget(st.target.value)
			if err != nil {
				return err
			}
			failOn, err := parseFailOn(st.failOn.value)
			if err != nil {
				return err
			}
			outs, err := pairOutputs(c.StringSlice("format"), c.StringSlice("output"), report.FormatNames("lint")...)
			if err != nil {
				return err
			}
			var plan *report.PlanSummary
			if f := c.String("plan"); f != "" {
				if plan, err = planSummary(f); err != nil {
					return err
				}
			}
			if c.Bool("no-headers") {
				notice(c, "--no-headers: databases are attributed by names and folders only, and the rules that need backup headers (log chains, versions, stripes, checksums, appended sets) were not checked")
			}
			inv, scanErr := inventory(c, src)
			if inv == nil {
				return scanErr
			}
			res := layout.Lint(inv, target)
			st.policy.Apply(res)
			meta := report.Meta{Version: version, Window: c.Duration("window"), Rules: st.policy.Rules(layout.Rules())}
			err = writeOutputs(c.App.Writer, outs, renderFormat("lint", func(o output) report.Job {
				return report.Job{Result: res, Meta: meta, Plan: plan,
					Inventory: func() *layout.Inventory { return inv },
					Color:     o.path == "" && isTerminal(c.App.Writer)}
			}))
			if err != nil {
				return err
			}
			if scanErr != nil {
				return scanErr
			}
			if failOn != nil && res.Summary.AtOrAbove(*failOn) > 0 {
				return codeError{exitFindings}
			}
			return nil
		},
	}
}

// parseFailOn returns nil for "never".
func parseFailOn(s string) (*layout.Severity, error) {
	var sev layout.Severity
	switch s {
	case "error":
		sev = layout.Error
	case "warning":
		sev = layout.Warning
	case "info":
		sev = layout.Info
	case "never":
		return nil, nil
	default:
		return nil, usageError("unknown --fail-on %q: use error, warning, info or never", s)
	}
	return &sev, nil
}
