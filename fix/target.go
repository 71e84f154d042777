package fix

import "github.com/baklint/baklint/layout"

// Plan is PlanRules for a layout.Target: page blobs for SQL Server 2012 and
// 2014, and the reserved word "backup" kept out of folders for LRS and DMS
// to Managed Instance.
func Plan(inv *layout.Inventory, target layout.Target, dest Dest, opts PlanOptions) *PlanDoc {
	return PlanRules(inv, RulesFor(target), dest, opts)
}

// RulesFor extracts what the planner needs from a target.
func RulesFor(t layout.Target) TargetRules {
	return TargetRules{Name: t.Name, PageBlobs: t.PageBlobs, ReservedWord: t.LRS}
}
