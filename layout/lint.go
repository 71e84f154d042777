package layout

import (
	"cmp"
	"path"
	"slices"
	"strings"
)

// Lint checks inv against every rule that applies to target t. Files must
// already be attributed (NewInventory does it). It does no I/O; its cost
// is O(n log n) in the number of files.
func Lint(inv *Inventory, t Target) *Result {
	c := newContext(inv, t)
	rules := Rules()
	for i := range rules {
		if !rules[i].AppliesTo(t) {
			continue
		}
		c.rule = &rules[i]
		rules[i].Check(c)
	}
	c.rule = nil
	SortFindings(c.findings)
	res := &Result{
		Source:       inv.Source,
		Location:     inv.Location,
		Target:       t.Name,
		Findings:     c.findings,
		Databases:    c.summariseDatabases(),
		FileDatabase: make([]int32, len(c.Files)),
	}
	for i := range c.Files {
		res.FileDatabase[i] = c.Files[i].DB
	}
	if res.Findings == nil {
		res.Findings = []Finding{}
	}
	res.Summary = Summarize(res.Findings)
	res.Inventory = InventoryStats{Files: len(inv.Files), Databases: len(c.Databases)}
	for i := range inv.Files {
		res.Inventory.Bytes += inv.Files[i].Size
	}
	for _, fo := range c.Folders {
		if fo.Path != "" {
			res.Inventory.Folders++
		}
	}
	return res
}

// attributionRank orders the methods from the weakest up.
var attributionRank = map[Attribution]int{ByFolder: 0, ByName: 1, ByHeader: 2}

// summariseDatabases builds the "databases" section. A database's
// attributed_by is the weakest method among its files: it tells how far
// the grouping can be trusted, and one folder-attributed file is enough
// to doubt it. Folders are relative to the database's container, and ""
// stands for its root.
func (c *Context) summariseDatabases() []Database {
	out := make([]Database, len(c.Databases))
	for d, db := range c.Databases {
		s := Database{Name: db.Name, Container: db.Container, Files: len(db.Files), Folders: []string{},
			BindingID: db.BindingID, FamilyGUID: db.FamilyGUID, ServerName: db.Server, Folder: db.Folder, FolderReason: db.FolderReason}
		seen, by := map[string]bool{}, ByHeader
		for _, i := range db.Files {
			f := c.Files[i]
			s.Bytes += f.Size
			if attributionRank[f.AttributedBy] < attributionRank[by] {
				by = f.AttributedBy
			}
			if dir := f.Dir(); !seen[dir] {
				seen[dir] = true
				s.Folders = append(s.Folders, dir)
			}
		}
		s.AttributedBy = by
		slices.Sort(s.Folders)
		ch := c.chainOf(d)
		s.ChainStatus = ch.status
		if ch.full >= 0 {
			s.LatestFull = c.Files[ch.full].Path
		}
		switch {
		case ch.last < 0:
		case ch.status == ChainComplete:
			s.LastBackup = c.Files[ch.last].Path
			s.LastBackupName = path.Base(s.LastBackup)
		case ch.status == ChainBroken:
			s.RestorableUntil = path.Base(c.Files[ch.last].Path)
		}
		s.DataBytes = c.dataBytes(d)
		out[d] = s
	}
	return out
}

// SortFindings puts findings in the order SPEC §6 promises (container,
// then path, then rule), with the other fields as tie-breakers, so output
// never depends on the order the rules ran in and an account's containers
// do not interleave.
func SortFindings(fs []Finding) {
	slices.SortFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			strings.Compare(a.Container, b.Container),
			strings.Compare(a.Path, b.Path),
			strings.Compare(a.Rule, b.Rule),
			strings.Compare(a.Database, b.Database),
			strings.Compare(a.Message, b.Message))
	})
}

// Summarize counts findings by severity.
func Summarize(fs []Finding) Summary {
	var s Summary
	for _, f := range fs {
		switch f.Severity {
		case Error:
			s.Errors++
		case Warning:
			s.Warnings++
		default:
			s.Infos++
		}
	}
	return s
}

// AtOrAbove is how many findings of s are at least as severe as sev.
func (s Summary) AtOrAbove(sev Severity) int {
	switch sev {
	case Error:
		return s.Errors
	case Warning:
		return s.Errors + s.Warnings
	default:
		return s.Errors + s.Warnings + s.Infos
	}
}
