package fix

import (
	"fmt"
	"path"
	"sort"

	"github.com/baklint/baklint/errclass"
	"github.com/baklint/baklint/layout"
)

// Selection picks moves by database (--include-database,
// --exclude-database): glob patterns with path.Match semantics, matched
// against the database name and against its folder name when they differ.
// A move is selected when it matches some Include (or Include is empty)
// and no Exclude.
type Selection struct {
	Include, Exclude []string
}

// Empty reports whether the selection keeps everything.
func (s Selection) Empty() bool { return len(s.Include) == 0 && len(s.Exclude) == 0 }

// Validate refuses a malformed pattern before any work (exit 2).
func (s Selection) Validate() error {
	for _, list := range [][]string{s.Include, s.Exclude} {
		for _, p := range list {
			if _, err := path.Match(p, ""); err != nil {
				return errclass.Errorf(errclass.BadInput, "database pattern %q is malformed (%w): use *, ? and [...] as in shell globs", p, err)
			}
		}
	}
	return nil
}

// Selected reports whether m is in the selection.
func (s Selection) Selected(m Move) bool {
	if len(s.Include) > 0 && !matchAny(s.Include, m) {
		return false
	}
	return !matchAny(s.Exclude, m)
}

func matchAny(patterns []string, m Move) bool {
	for _, p := range patterns {
		if ok, _ := path.Match(p, m.Database); ok {
			return true
		}
		if m.Folder != "" {
			if ok, _ := path.Match(p, m.Folder); ok {
				return true
			}
		}
	}
	return false
}

// Filter drops the moves outside the selection from a plan being made, and
// says in a warning which databases were left out. A saved plan is not
// filtered (its checksum and journal name its moves): apply takes the
// selection as ApplyOptions.Select instead.
func (s Selection) Filter(d *PlanDoc) {
	if s.Empty() {
		return
	}
	kept := d.Moves[:0]
	out := map[string]bool{}
	for _, m := range d.Moves {
		if s.Selected(m) {
			kept = append(kept, m)
		} else {
			out[m.Database] = true
		}
	}
	d.Moves = kept
	if len(out) > 0 {
		names := make([]string, 0, len(out))
		for db := range out {
			names = append(names, layout.Printable(db))
		}
		sort.Strings(names)
		d.Warnings = append(d.Warnings, fmt.Sprintf("%s left out by --include-database/--exclude-database: %v", layout.Plural(len(names), "database"), names))
	}
}

// Func is the selection as ApplyOptions.Select: nil when it keeps
// everything.
func (s Selection) Func() func(Move) bool {
	if s.Empty() {
		return nil
	}
	return s.Selected
}
