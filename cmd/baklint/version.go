package main

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/urfave/cli/v2"
)

// Set at link time (-ldflags "-X main.commit=... -X main.date=...") by a
// release build; otherwise read from what Go recorded in the binary.
var (
	commit string
	date   string
)

// buildVersion is what `baklint version` and --version print.
type buildVersion struct {
	Version string `json:"version"`
	Commit  string `json:"commit"`          // "" when unknown
	Date    string `json:"date"`            // commit time (RFC 3339) when the build info has no build date
	Dirty   bool   `json:"dirty,omitempty"` // built from a work tree with uncommitted changes
	Go      string `json:"go"`
}

// versionOf combines the link-time values with the build info Go records:
// vcs.revision, vcs.time and vcs.modified are there for `go build` in a
// git checkout (unless -buildvcs=false), and the module version for
// `go install …@vX`.
func versionOf(bi *debug.BuildInfo, ok bool) buildVersion {
	v := buildVersion{Version: version, Commit: commit, Date: date}
	if !ok {
		return v
	}
	v.Go = bi.GoVersion
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			if v.Commit == "" {
				v.Commit = s.Value
			}
		case "vcs.time":
			if v.Date == "" {
				v.Date = s.Value
			}
		case "vcs.modified":
			v.Dirty = s.Value == "true"
		}
	}
	return v
}

func currentVersion() buildVersion { return versionOf(debug.ReadBuildInfo()) }

// line reads "baklint 1.2.0 (commit 0123abcd4567, 2026-12-01T10:00:00Z, modified; go1.26.8)".
func (v buildVersion) line() string {
	c := "commit unknown"
	if v.Commit != "" {
		c = "commit " + short(v.Commit)
	}
	if v.Date != "" {
		c += ", " + v.Date
	}
	if v.Dirty {
		c += ", modified"
	}
	if v.Go != "" {
		c += "; " + v.Go
	}
	return fmt.Sprintf("baklint %s (%s)", v.Version, c)
}

func short(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}

func printVersion(w io.Writer, format string) error {
	v := currentVersion()
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	_, err := fmt.Fprintln(w, v.line())
	return err
}

func versionCommand() *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print the version, commit and build date",
		Flags: []cli.Flag{&cli.StringFlag{Name: "format", Value: "text", Usage: "text or json"}},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usageError("version takes no arguments, got %q", c.Args().Slice())
			}
			f := c.String("format")
			if f != "text" && f != "json" {
				return usageError("unknown --format %q: use text or json", f)
			}
			return printVersion(c.App.Writer, f)
		},
	}
}
