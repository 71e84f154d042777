package main

import (
	"context"
	"fmt"
	"os"
	"runtime/debug"
	"slices"
	"sync"

	"github.com/urfave/cli/v2"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/blobscan/store"
	"github.com/baklint/baklint/errclass"
	"github.com/baklint/baklint/layout"
	"github.com/baklint/baklint/report"
)

func scanCommand() *cli.Command {
	return &cli.Command{
		Name:      "scan",
		Usage:     "inventory the backups of a container, an account or a local folder",
		ArgsUsage: "SOURCE",
		Flags: slices.Concat([]cli.Flag{
			&cli.StringFlag{Name: "format", Value: report.FormatNames("scan")[0], Usage: report.FormatUsage("scan")},
			&cli.StringFlag{Name: "output", Usage: "write to FILE instead of stdout"},
		}, sourceFlags, []cli.Flag{flagQuiet}),
		Action: func(c *cli.Context) error {
			src, err := sourceArg(c)
			if err != nil {
				return err
			}
			outs, err := singleOutput(c.String("format"), c.String("output"), report.FormatNames("scan")...)
			if err != nil {
				return err
			}
			opened, err := openSource(c.Context, c, src, false)
			if err != nil {
				return err
			}
			listing, scanErr := listSource(c, opened)
			if listing == nil {
				return scanErr
			}
			// JSON is written file by file from the compact scan result: a
			// million files never become a million layout.Files at once.
			var inv *layout.Inventory
			job := report.Job{
				Source: blobscan.Redact(opened.Display),
				Files:  layout.AttributedFiles(opened.Location, listing.All()),
				Inventory: func() *layout.Inventory {
					if inv == nil {
						inv = layout.NewInventoryFrom(opened.Location, listing.Len(), listing.All())
					}
					return inv
				},
			}
			if err := writeOutputsStreamed(c.App.Writer, outs, renderFormat("scan", func(output) report.Job { return job })); err != nil {
				return err
			}
			return scanErr
		},
	}
}

// inventory opens SOURCE and scans it.
func inventory(c *cli.Context, raw string) (*layout.Inventory, error) {
	src, err := openSource(c.Context, c, raw, false)
	if err != nil {
		return nil, err
	}
	return scanSource(c, src)
}

// scanSource scans an opened source and attributes every file. Failures on
// single folders are printed as they happen and returned at the end as a
// storage error, after the caller has reported what was found.
func scanSource(c *cli.Context, src *store.Source) (*layout.Inventory, error) {
	scanned, scanErr := listSource(c, src)
	if scanned == nil {
		return nil, scanErr
	}
	big := scanned.Len() >= bigScan
	if big {
		// The scan's garbage (decoded list pages) is spread over the
		// heap, where the inventory's one array of a File a blob does not
		// fit: handed back to the OS first, it does not add to the peak.
		debug.FreeOSMemory()
	}
	inv := layout.NewInventoryFrom(src.Location, scanned.Len(), scanned.All())
	if big {
		// The compact scan result is garbage now; returned before the
		// lint allocates its indexes, for the same reason.
		scanned = nil
		debug.FreeOSMemory()
	}
	if err := excludeFiles(c, inv); err != nil {
		return nil, err
	}
	return inv, scanErr
}

// listSource scans an opened source into its compact result. A nil result
// comes with the error that stopped the scan; a result with an error is an
// incomplete scan, to report before failing.
func listSource(c *cli.Context, src *store.Source) (*blobscan.Listing, error) {
	ctx := c.Context
	// Listing pages are garbage the moment they are decoded, and at the
	// default GOGC the heap grows to twice what a scan keeps: at a million
	// blobs, 350 MB resident for 160 MB live. Half that headroom costs a
	// few percent of CPU. A GOGC the user set wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(scanGCPercent)
	}
	skip, err := excludes(c)
	if err != nil {
		return nil, err
	}
	var (
		mu       sync.Mutex
		failures int
	)
	prog := progressFor(c, "scanning")
	scanned, err := scanListing(ctx, src.Readers, blobscan.ScanOptions{
		Skip:        skip,
		Progress:    prog.Update,
		Concurrency: c.Int("concurrency"),
		Headers:     !c.Bool("no-headers"),
		OnError: func(path string, err error) {
			mu.Lock()
			defer mu.Unlock()
			failures++
			fmt.Fprintf(c.App.ErrWriter, "baklint: warning: %s\n", oneLine(fmt.Sprintf("%s: %v", path, err)))
		},
	})
	prog.Finish()
	if err != nil {
		return nil, err
	}
	if scanned.Len() == 0 {
		notice(c, fmt.Sprintf("no files found in %s: check the path, the container and any prefix", src.Display))
	}
	if failures > 0 {
		return scanned, errclass.Errorf(errclass.Storage, "the scan is incomplete: %d folders could not be listed (see the warnings above); fix access and run again", failures)
	}
	return scanned, nil
}

// scanListing is a variable so that tests can watch what the scan reads.
var scanListing = blobscan.ScanListing

const scanGCPercent = 50

// bigScan is where collecting the scan result at once pays.
const bigScan = 100_000

// openSource opens a location with the credential flags. With missingOK a
// container that does not exist is opened anyway, as Source.Missing (a fix
// destination that apply creates).
func openSource(ctx context.Context, c *cli.Context, raw string, missingOK bool) (*store.Source, error) {
	if c.Int("concurrency") < 1 {
		return nil, usageError("--concurrency must be at least 1, got %d", c.Int("concurrency"))
	}
	return store.Open(ctx, raw, store.Options{
		ConnectionString: envOr(c.String("connection-string"), "AZURE_STORAGE_CONNECTION_STRING"),
		AccountKey:       envOr(c.String("account-key"), "AZURE_STORAGE_KEY"),
		Concurrency:      c.Int("concurrency"),
		MissingOK:        missingOK,
	})
}
