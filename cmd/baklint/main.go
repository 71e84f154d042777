// Command baklint checks and fixes the layout of SQL Server backups in Azure
// Blob Storage (or a local folder before upload) so that Azure Database
// Migration Service and Log Replay Service restore them on the first try.
//
// This package only wires flags to the blobscan, layout, report and fix
// packages and maps their errors to the exit codes of the contract.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
