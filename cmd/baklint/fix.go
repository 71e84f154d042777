package main

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/blobscan/store"
	"github.com/baklint/baklint/fix"
	"github.com/baklint/baklint/layout"
	"github.com/baklint/baklint/report"
)

func fixCommand() *cli.Command {
	return &cli.Command{
		Name:      "fix",
		Usage:     "plan (dry run) or apply verified copies into a flat <database>/<file> layout",
		ArgsUsage: "SOURCE --dest DEST | --apply --plan FILE",
		Flags: slices.Concat([]cli.Flag{
			&cli.StringFlag{Name: "dest", Usage: "where the compliant layout goes (folder or container URL)"},
			flagTarget,
			&cli.StringFlag{Name: "plan", Usage: "write the plan to FILE; with --apply and no SOURCE, execute FILE"},
			&cli.BoolFlag{Name: "apply", Usage: "execute the copies (default: dry run)"},
			&cli.BoolFlag{Name: "delete-source", Usage: "move instead of copy: delete each source after its copy is verified"},
			&cli.StringFlag{Name: "format", Value: report.FormatNames("fix")[0], Usage: report.FormatUsage("fix") + ", for the plan, the summary and the log of moves"},
		}, sourceFlags, []cli.Flag{flagQuiet, flagConfig}, fixSelectFlags),
		Action: fixAction,
	}
}

func fixAction(c *cli.Context) error {
	format, err := report.LookupFormat("fix", c.String("format"))
	if err != nil {
		return usageError("%v", err)
	}
	planFile := c.String("plan")
	mode, err := fix.Choose(fix.Request{
		Apply: c.Bool("apply"), PlanFile: planFile, PlanExists: planFile != "" && isFile(planFile),
		HasSource: c.NArg() > 0, HasDest: c.String("dest") != "",
	})
	if err != nil {
		return err
	}
	if mode == fix.ApplySaved {
		return applySavedPlan(c, format, planFile)
	}
	raw, err := sourceArg(c)
	if err != nil {
		return err
	}
	// A plan names local folders absolutely, so that it applies from any
	// working directory.
	raw, destRaw := absLocal(raw), absLocal(c.String("dest"))
	st, err := settingsOf(c)
	if err != nil {
		return err
	}
	target, err := layout.LookupTarget(st.target.value)
	if err != nil {
		return err
	}
	if planFile != "" {
		if err := checkWritable(planFile); err != nil {
			return err
		}
	}
	src, err := openOne(c, raw, "SOURCE", false)
	if err != nil {
		return err
	}
	dst, err := openDest(c, destRaw)
	if err != nil && !c.Bool("apply") && missingLocalFolder(destRaw) {
		// A dry run writes nothing, so a local staging folder need not
		// exist yet; --apply still insists on it.
		dst, err = &store.Source{Display: destRaw, Location: blobscan.Location{Kind: blobscan.KindLocal, Path: destRaw}}, nil
	}
	if err != nil {
		return err
	}
	if c.Bool("no-headers") {
		notice(c, "--no-headers: databases are attributed by file and folder names only; a misnamed backup may be planned into the wrong database folder")
	}
	inv, err := scanSource(c, src)
	if err != nil {
		return err
	}
	plan := fix.Plan(inv, target,
		fix.Dest{Display: dst.Display, Prefix: dst.Prefix, Local: dst.Local(), SameContainer: sameContainer(src, dst)},
		fix.PlanOptions{DeleteSource: c.Bool("delete-source"), ContentHash: fix.ContentHasher(c.Context, src.Readers[0], src.Local())})
	if err := prepareFixPlan(c, plan, src, dst); err != nil {
		return err
	}
	if planFile != "" {
		if err := fix.SavePlan(planFile, plan); err != nil {
			return err
		}
	}
	if mode == fix.DryRun {
		return format.Render(c.App.Writer, report.Job{FixPlan: plan})
	}
	journal := ""
	if planFile != "" {
		journal = fix.JournalPath(planFile)
	}
	return apply(c, format, plan, src, dst, journal)
}

// applySavedPlan executes a reviewed plan. SOURCE and DEST come from the
// plan, which never stores a SAS: a SOURCE argument or --dest given again
// supplies its SAS, after checking that it names the plan's location.
func applySavedPlan(c *cli.Context, format report.Format, planFile string) error {
	plan, err := fix.LoadPlan(planFile)
	if err != nil {
		return err
	}
	srcRaw, err := samePlace(c.Args().First(), plan.Source, "SOURCE", planFile)
	if err != nil {
		return err
	}
	destRaw, err := samePlace(c.String("dest"), plan.Dest, "--dest", planFile)
	if err != nil {
		return err
	}
	if c.NArg() > 1 {
		return usageError("fix takes one SOURCE, got %d arguments", c.NArg())
	}
	src, err := openOne(c, srcRaw, "the plan's source", false)
	if err != nil {
		return err
	}
	dst, err := openDest(c, destRaw)
	if err != nil {
		return err
	}
	return apply(c, format, plan, src, dst, fix.JournalPath(planFile))
}

// samePlace returns given (which may carry a SAS) when it names planned,
// planned when nothing was given, and bad input otherwise.
func samePlace(given, planned, what, planFile string) (string, error) {
	if given == "" {
		return planned, nil
	}
	given = absLocal(given)
	loc, err := blobscan.ParseLocation(given)
	if err != nil {
		return "", err
	}
	if loc.Display() != planned {
		return "", usageError("%s %s does not match the plan's %s (plan %s): apply the plan with the locations it was made for", what, loc.Display(), planned, planFile)
	}
	return given, nil
}

func apply(c *cli.Context, format report.Format, plan *fix.PlanDoc, src, dst *store.Source, journal string) error {
	w, ok := dst.Readers[0].(blobscan.Writer)
	if !ok {
		return usageError("destination %s cannot be written to", dst.Display)
	}
	sel, err := fixSelection(c)
	if err != nil {
		return err
	}
	prog := progressFor(c, "copying")
	sum, err := fix.Apply(c.Context, plan, src.Readers[0], w, fix.ApplyOptions{
		Progress:     prog.Update,
		Journal:      journal,
		DeleteSource: c.Bool("delete-source"),
		Concurrency:  c.Int("concurrency"),
		OnEvent:      moveLog(c, format),
		Select:       sel.Func(),
	})
	prog.Finish()
	if err != nil && c.Context.Err() != nil {
		hint := "run the same command again to resume"
		if journal != "" {
			hint += " (the journal " + journal + " records what is done)"
		}
		return interrupted{hint: hint, err: err}
	}
	if err != nil {
		return err
	}
	if err := format.Render(c.App.Writer, report.Job{FixSummary: sum}); err != nil {
		return err
	}
	if code := sum.ExitCode(); code != 0 {
		return codeError{code}
	}
	return nil
}

// moveLog is where fix --apply logs each move, in the --format's form, on
// standard error; nowhere with --quiet.
func moveLog(c *cli.Context, format report.Format) func(fix.Event) {
	if c.Bool("quiet") {
		return nil
	}
	return format.MoveLog(c.App.ErrWriter)
}

// openOne opens a location that must be a single container or folder;
// with missingOK, a container that does not exist yet opens as Missing.
func openOne(c *cli.Context, raw, what string, missingOK bool) (*store.Source, error) {
	s, err := openSource(c.Context, c, raw, missingOK)
	if err != nil {
		return nil, err
	}
	if len(s.Readers) != 1 {
		return nil, usageError("%s %s is an account with %d containers: fix works on one container or folder at a time", what, s.Display, len(s.Readers))
	}
	return s, nil
}

func sameContainer(a, b *store.Source) bool {
	if len(a.Readers) == 0 || len(b.Readers) == 0 {
		return false
	}
	ra, rb := a.Readers[0], b.Readers[0]
	return ra.Location() == rb.Location() && ra.Container() == rb.Container()
}

// checkWritable refuses a --plan whose folder is missing before any work.
func checkWritable(path string) error {
	if fi, err := os.Stat(filepath.Dir(path)); err != nil || !fi.IsDir() {
		return usageError("cannot write --plan %s: its folder does not exist", path)
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return usageError("cannot write --plan %s: it is a folder", path)
	}
	return nil
}

// planSummary loads a saved plan in the generic form the HTML report shows.
func planSummary(file string) (*report.PlanSummary, error) {
	plan, err := fix.LoadPlan(file)
	if err != nil {
		return nil, err
	}
	ps := &report.PlanSummary{Dest: plan.Dest}
	for _, m := range plan.Moves {
		note := ""
		if m.FromType != "" && m.ToType != "" && m.FromType != m.ToType {
			note = m.FromType + " → " + m.ToType
		}
		ps.Moves = append(ps.Moves, report.PlanRow{From: m.From, To: m.To, Database: m.Database, Size: m.Size, Note: note})
	}
	for _, s := range plan.Skipped {
		ps.Skipped = append(ps.Skipped, report.PlanSkip{Path: s.Path, Reason: s.Reason})
	}
	return ps, nil
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir()
}

// absLocal makes a local folder absolute and leaves URLs alone.
func absLocal(raw string) string {
	if raw == "" || strings.Contains(raw, "://") {
		return raw
	}
	if abs, err := filepath.Abs(raw); err == nil {
		return abs
	}
	return raw
}

// missingLocalFolder reports whether raw names a local path that does not
// exist (as opposed to a URL, or a file where a folder should be).
func missingLocalFolder(raw string) bool {
	if strings.Contains(raw, "://") {
		return false
	}
	_, err := os.Stat(raw)
	return errors.Is(err, os.ErrNotExist)
}
