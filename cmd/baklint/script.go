package main

import (
	"io"
	"slices"

	"github.com/urfave/cli/v2"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/handoff"
	"github.com/baklint/baklint/layout"
)

func scriptCommand() *cli.Command {
	return &cli.Command{
		Name:      "script",
		Usage:     "write the commands that start the migration of every ready database (PowerShell, az or ARM REST)",
		ArgsUsage: "SOURCE",
		Flags: slices.Concat([]cli.Flag{
			flagTarget,
			&cli.StringFlag{Name: "shell", Value: handoff.ShellPowerShell, Usage: "powershell, az or rest"},
			&cli.StringFlag{Name: "auth", Usage: "sas, managed-identity or account-key (default: sas for LRS, account-key for DMS)"},
			&cli.BoolFlag{Name: "online", Usage: "online migration (DMS) or continuous mode (LRS): no last backup name, cut over later"},
			&cli.StringFlag{Name: "subscription", Usage: "Azure subscription ID of the target"},
			&cli.StringFlag{Name: "resource-group", Usage: "resource group of the target instance"},
			&cli.StringFlag{Name: "instance", Usage: "managed instance or SQL virtual machine name"},
			&cli.StringFlag{Name: "migration-service", Usage: "resource ID of the DMS (sqlMigrationServices) instance"},
			&cli.StringFlag{Name: "storage-account-id", Usage: "resource ID of the storage account that holds the backups (DMS)"},
			&cli.StringFlag{Name: "location", Usage: "Azure region of the managed instance (--shell rest, LRS)"},
			&cli.StringFlag{Name: "collation", Usage: "collation LRS is given (default " + handoff.DefaultCollation + ")"},
			&cli.StringFlag{Name: "output", Usage: "write the script to FILE instead of stdout"},
		}, sourceFlags),
		Action: func(c *cli.Context) error {
			src, err := sourceArg(c)
			if err != nil {
				return err
			}
			target, err := layout.LookupTarget(c.String("target"))
			if err != nil {
				return err
			}
			o := handoff.Options{
				Shell: c.String("shell"), Auth: c.String("auth"), Online: c.Bool("online"),
				Azure: handoff.Azure{Subscription: c.String("subscription"), ResourceGroup: c.String("resource-group"),
					Instance: c.String("instance"), MigrationService: c.String("migration-service"),
					StorageAccountID: c.String("storage-account-id"), Location: c.String("location"), Collation: c.String("collation")},
			}
			if err := handoff.Check(target.Name, o); err != nil {
				return err
			}
			outs, err := singleOutput("script", c.String("output"), "script")
			if err != nil {
				return err
			}
			opened, err := openSource(c.Context, c, src, false)
			if err != nil {
				return err
			}
			if l := opened.Location; l.Kind != blobscan.KindLocal {
				o.ServiceURL, o.Account = l.ServiceURL(), l.Account
				if l.Kind == blobscan.KindContainer {
					o.Container = l.Container
				}
			}
			inv, scanErr := scanSource(c, opened)
			if inv == nil {
				return scanErr
			}
			if scanErr != nil {
				// A partial scan could call a database ready whose other
				// files were not seen: no script from it.
				return scanErr
			}
			res := layout.Lint(inv, target)
			return writeOutputs(c.App.Writer, outs, func(w io.Writer, _ output) error {
				return handoff.Script(w, res, o)
			})
		},
	}
}
