package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/baklint/baklint/config"
	"github.com/baklint/baklint/layout"
)

var flagConfig = &cli.StringFlag{Name: "config", Usage: "read defaults from FILE (default: baklint.yaml or .baklint.yaml in the current folder)"}

// setting is one value in force and where it came from: a flag, a line of
// the configuration file, or the default.
type setting struct{ value, from string }

// settings are a command's configuration after precedence: flag > file >
// default (SPEC §11).
type settings struct {
	file    string // the configuration file read, "" for none
	target  setting
	failOn  setting
	rules   []setting // one per rule, "off" or its severity, in rule order
	ids     []string  // the rule IDs of rules
	exclude []setting
	policy  layout.Policy
}

const settingsKey = "baklint.settings"

// settingsOf loads the configuration of the command once: the file named
// by --config, else the one in the current folder, if any.
func settingsOf(c *cli.Context) (*settings, error) {
	if st, ok := c.App.Metadata[settingsKey].(*settings); ok {
		return st, nil
	}
	path := c.String("config")
	if path == "" {
		// "." keeps the name relative, as the user sees it: baklint.yaml:3.
		var err error
		if path, err = config.Find("."); err != nil {
			return nil, err
		}
	}
	var f *config.File
	if path != "" {
		var err error
		if f, err = config.Load(path); err != nil {
			return nil, err
		}
	}
	st := resolve(c, f)
	if c.App.Metadata == nil {
		c.App.Metadata = map[string]any{}
	}
	c.App.Metadata[settingsKey] = st
	return st, nil
}

// resolve applies precedence. f may be nil (no file).
func resolve(c *cli.Context, f *config.File) *settings {
	st := &settings{}
	from := func(line int) string { return fmt.Sprintf("%s:%d", st.file, line) }
	pick := func(flag, def string, v config.Value) setting {
		switch {
		case c.IsSet(flag):
			return setting{c.String(flag), "--" + flag + " flag"}
		case v.Set():
			return setting{v.Value, from(v.Line)}
		}
		return setting{def, "default"}
	}
	var fv config.File
	if f != nil {
		st.file, fv = f.Path, *f
	}
	st.target = pick("target", "any", fv.Target)
	st.failOn = pick("fail-on", "error", fv.FailOn)
	configured := map[string]config.Rule{}
	for _, r := range fv.Rules {
		configured[r.ID] = r
	}
	st.policy = layout.Policy{Severity: map[string]layout.Severity{}, Off: map[string]bool{}}
	for _, r := range layout.Rules() {
		s := setting{r.Severity.String(), "default"}
		if cr, ok := configured[r.ID]; ok {
			s = setting{cr.Severity, from(cr.Line)}
			if cr.Severity == "off" {
				st.policy.Off[r.ID] = true
			} else if sev, err := layout.ParseSeverity(cr.Severity); err == nil {
				st.policy.Severity[r.ID] = sev
			}
		}
		st.ids = append(st.ids, r.ID)
		st.rules = append(st.rules, s)
	}
	for _, e := range fv.Exclude {
		st.exclude = append(st.exclude, setting{e.Value, from(e.Line)})
	}
	if f != nil && len(f.Exclude) > 0 {
		st.policy.Exclude = f.Excludes
	}
	return st
}

// print writes `lint --print-config`: every setting in force and where it
// came from.
func (st *settings) print(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	file := st.file
	if file == "" {
		file = "none (no baklint.yaml or .baklint.yaml in the current folder, no --config)"
	}
	fmt.Fprintf(tw, "config file:\t%s\n", file)
	fmt.Fprintf(tw, "target:\t%s\t(%s)\n", st.target.value, st.target.from)
	fmt.Fprintf(tw, "fail-on:\t%s\t(%s)\n", st.failOn.value, st.failOn.from)
	if len(st.exclude) == 0 {
		fmt.Fprintf(tw, "exclude:\tnothing\t(default)\n")
	} else {
		fmt.Fprintf(tw, "exclude:\t\t\n")
	}
	for _, e := range st.exclude {
		fmt.Fprintf(tw, "  - %s\t\t(%s)\n", e.value, e.from)
	}
	fmt.Fprintf(tw, "rules:\t\t\n")
	for i, r := range st.rules {
		fmt.Fprintf(tw, "  %s:\t%s\t(%s)\n", st.ids[i], r.value, r.from)
	}
	return tw.Flush()
}

// excludeFiles leaves the configured excludes out of an inventory, for
// the commands that read a configuration (lint and fix).
func excludeFiles(c *cli.Context, inv *layout.Inventory) error {
	if !hasFlag(c, "config") {
		return nil
	}
	st, err := settingsOf(c)
	if err != nil {
		return err
	}
	if n := st.policy.FilterInventory(inv); n > 0 {
		notice(c, fmt.Sprintf("%d files left out by the exclude patterns of %s", n, st.file))
	}
	return nil
}

// excludes is the exclude matcher of the commands that read a
// configuration (lint and fix), nil for the others. The scan takes it so
// that excluded files are listed, to be counted by excludeFiles, but never
// read.
func excludes(c *cli.Context) (func(path string) bool, error) {
	if !hasFlag(c, "config") {
		return nil, nil
	}
	st, err := settingsOf(c)
	if err != nil {
		return nil, err
	}
	return st.policy.Exclude, nil
}

func hasFlag(c *cli.Context, name string) bool {
	if c.Command == nil {
		return false
	}
	for _, f := range c.Command.Flags {
		for _, n := range f.Names() {
			if n == name {
				return true
			}
		}
	}
	return false
}
