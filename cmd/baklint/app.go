package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"

	"github.com/urfave/cli/v2"
)

// versionStamp is set at link time (-ldflags "-X main.versionStamp=v1.2.0").
// The linker can only set a string variable that is uninitialised or
// initialised to a constant, so version, which falls back on the build
// info, is computed from it rather than stamped itself.
var versionStamp string

// version is the stamp, else the module version a `go install …@vX`
// build records, else "dev".
var version = pickVersion(versionStamp, "dev")

func pickVersion(stamp, fallback string) string {
	if stamp != "" {
		return stamp
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return fallback
}

// Shared flags. Credentials are not bound to environment variables through
// urfave/cli: it prints an env var's value as the flag default in --help,
// which would show a secret. The actions read the variables themselves.
var (
	flagConnString  = &cli.StringFlag{Name: "connection-string", Usage: "storage connection string (default $AZURE_STORAGE_CONNECTION_STRING)"}
	flagAccountKey  = &cli.StringFlag{Name: "account-key", Usage: "storage account key (default $AZURE_STORAGE_KEY)"}
	flagConcurrency = &cli.IntFlag{Name: "concurrency", Value: 2 * 8 * runtime.NumCPU(), Usage: "parallel storage requests"}
	flagNoHeaders   = &cli.BoolFlag{Name: "no-headers", Usage: "skip backup header reads (names and folders only)"}
	flagTarget      = &cli.StringFlag{Name: "target", Value: "any", Usage: "restore target: vm-2012 … vm-2025, mi, mi-2025, mi-aut, lrs, lrs-2025, lrs-aut, any"}
	flagQuiet       = &cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print only the result and errors: no notes, progress or per-move log"}
)

// sourceFlags are the flags of every command that reads a SOURCE: whether
// to read headers, how many requests at once, and the credentials.
var sourceFlags = []cli.Flag{flagNoHeaders, flagConcurrency, flagConnString, flagAccountKey}

func newApp(stdout, stderr io.Writer) *cli.App {
	onUsage := func(_ *cli.Context, err error, _ bool) error { return usageError("%v (see baklint --help)", err) }
	app := &cli.App{
		Name:      "baklint",
		Usage:     "make SQL Server backups in Azure Blob Storage restorable by DMS and LRS",
		Version:   version,
		Writer:    stdout,
		ErrWriter: stderr,
		// Without this urfave/cli calls os.Exit itself for cli.Exit errors.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError:   onUsage,
		Commands:       []*cli.Command{scanCommand(), lintCommand(), fixCommand(), rulesCommand(), scriptCommand(), explainCommand(), versionCommand()},
	}
	// --version prints what `baklint version` prints. urfave/cli keeps the
	// printer in a package variable; every app of this process is ours.
	cli.VersionPrinter = func(c *cli.Context) { _ = printVersion(c.App.Writer, "text") }
	for _, c := range app.Commands {
		c.OnUsageError = onUsage
	}
	return app
}

// run is main without the process: tests call it in-process.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	app := newApp(stdout, stderr)
	if len(args) > 1 {
		if cmd := app.Command(args[1]); cmd != nil {
			args = append(args[:2:2], reorderArgs(cmd.Flags, args[2:])...)
		} else if args[1] != "" && args[1][0] != '-' && args[1] != "help" && args[1] != "h" {
			printError(stderr, ctx, usageError("unknown command %q: use scan, lint, fix, rules, script, explain or version", args[1]))
			return exitBadInput
		}
	}
	err := app.RunContext(ctx, args)
	if err != nil {
		printError(stderr, ctx, err)
	}
	return exitCode(ctx, err)
}

// sourceArg returns the single SOURCE argument of a command.
func sourceArg(c *cli.Context) (string, error) {
	switch c.NArg() {
	case 1:
		return c.Args().First(), nil
	case 0:
		return "", usageError("%s needs a SOURCE: a local folder or a container URL (see baklint %s --help)", c.Command.Name, c.Command.Name)
	default:
		return "", usageError("%s takes one SOURCE, got %d arguments: %q", c.Command.Name, c.NArg(), c.Args().Slice())
	}
}

func envOr(flag, env string) string {
	if flag != "" {
		return flag
	}
	return os.Getenv(env)
}

// notice prints a one-line note on stderr that does not change the exit
// code; --quiet silences it.
func notice(c *cli.Context, msg string) {
	if c.Bool("quiet") {
		return
	}
	fmt.Fprintf(c.App.ErrWriter, "baklint: note: %s\n", oneLine(msg))
}
