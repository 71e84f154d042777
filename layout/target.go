package layout

import (
	"strings"

	"github.com/baklint/baklint/errclass"
)

// Target is a restore destination. The rules read these facts rather than
// the target's name, so adding a target is adding a row to targets.
type Target struct {
	Name string
	// Major is the SQL Server major version that restores the backups
	// (11 = 2012 … 17 = 2025): a VM's version, or a Managed Instance's
	// update policy (SQL Server 2022 by default, or 2025). 0 means no
	// version limit: an Always-up-to-date instance runs the newest engine,
	// and the default target checks only what holds everywhere.
	Major int
	// PageBlobs: SQL Server 2012 and 2014 restore only from page blobs.
	PageBlobs bool
	// LRS: the Log Replay Service restrictions apply (reserved word,
	// striped logs, file counts), as they do for DMS to Managed Instance.
	LRS bool
	// VM: SQL Server on an Azure VM, where the engine version matters.
	VM bool
	// Description is shown by `baklint rules` and in help text.
	Description string
}

// DefaultTarget is the target used when none is given.
const DefaultTarget = "any"

var targets = []Target{
	{Name: "vm-2012", Major: 11, PageBlobs: true, VM: true, Description: "SQL Server 2012 on an Azure VM"},
	{Name: "vm-2014", Major: 12, PageBlobs: true, VM: true, Description: "SQL Server 2014 on an Azure VM"},
	{Name: "vm-2016", Major: 13, VM: true, Description: "SQL Server 2016 on an Azure VM"},
	{Name: "vm-2017", Major: 14, VM: true, Description: "SQL Server 2017 on an Azure VM"},
	{Name: "vm-2019", Major: 15, VM: true, Description: "SQL Server 2019 on an Azure VM"},
	{Name: "vm-2022", Major: 16, VM: true, Description: "SQL Server 2022 on an Azure VM"},
	{Name: "vm-2025", Major: 17, VM: true, Description: "SQL Server 2025 on an Azure VM"},
	{Name: "mi", Major: 16, LRS: true, Description: "Azure SQL Managed Instance through DMS, SQL Server 2022 update policy (the default)"},
	{Name: "mi-2025", Major: 17, LRS: true, Description: "Azure SQL Managed Instance through DMS, SQL Server 2025 update policy"},
	{Name: "mi-aut", LRS: true, Description: "Azure SQL Managed Instance through DMS, Always-up-to-date update policy"},
	{Name: "lrs", Major: 16, LRS: true, Description: "Azure SQL Managed Instance through the Log Replay Service, SQL Server 2022 update policy (the default)"},
	{Name: "lrs-2025", Major: 17, LRS: true, Description: "Azure SQL Managed Instance through the Log Replay Service, SQL Server 2025 update policy"},
	{Name: "lrs-aut", LRS: true, Description: "Azure SQL Managed Instance through the Log Replay Service, Always-up-to-date update policy"},
	{Name: "any", Description: "only the rules common to every target"},
}

// targetAliases are the explicit names SPEC §3 accepts for the default
// update policy of Managed Instance.
var targetAliases = map[string]string{"mi-2022": "mi", "lrs-2022": "lrs"}

// Targets returns every valid target, in the order of SPEC §3.
func Targets() []Target { return append([]Target(nil), targets...) }

// TargetNames returns the names of every valid target.
func TargetNames() []string {
	names := make([]string, len(targets))
	for i, t := range targets {
		names[i] = t.Name
	}
	return names
}

// LookupTarget returns the target called name ("" means the default). An
// unknown or unsupported name is an errclass.BadInput error.
func LookupTarget(name string) (Target, error) {
	if name == "" {
		name = DefaultTarget
	}
	key := strings.ToLower(strings.TrimSpace(name))
	if alias, ok := targetAliases[key]; ok {
		key = alias
	}
	for _, t := range targets {
		if t.Name == key {
			return t, nil
		}
	}
	if tooOld(key) {
		return Target{}, errclass.Errorf(errclass.BadInput, "target %q: SQL Server 2008 and earlier cannot be migration targets; use vm-2012 or later", name)
	}
	return Target{}, errclass.Errorf(errclass.BadInput, "unknown target %q: use one of %s", name, strings.Join(TargetNames(), ", "))
}

// tooOld recognises vm-2008, vm-2008r2, vm-2005, vm-2000 and the like.
func tooOld(key string) bool {
	year, ok := strings.CutPrefix(key, "vm-")
	if !ok || len(year) < 4 {
		return false
	}
	y := 0
	for _, c := range year[:4] {
		if c < '0' || c > '9' {
			return false
		}
		y = y*10 + int(c-'0')
	}
	return y >= 1990 && y <= 2008
}
