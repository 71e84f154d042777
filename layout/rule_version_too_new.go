package layout

import "fmt"

func init() {
	register(Rule{
		ID:        "version-too-new",
		Severity:  Error,
		Targets:   vmTargets,
		Rationale: "SQL Server cannot restore a backup made by a newer version than itself.",
		Link:      docCompat,
		KeepsFile: true,
		Check:     checkVersionTooNew,
	})
}

func checkVersionTooNew(c *Context) {
	if c.Target.Major == 0 {
		return
	}
	for i, f := range c.Files {
		if f.Header == nil {
			continue
		}
		major := majorVersion(f.Header.Version)
		if major <= c.Target.Major {
			continue
		}
		c.reportFile(i,
			fmt.Sprintf("made by %s (%s); target %s runs %s", sqlServerYear(major), f.Header.Version, c.Target.Name, sqlServerYear(c.Target.Major)),
			fmt.Sprintf("restore on %s or later (--target %s), or migrate to Azure SQL Managed Instance (--target mi)", sqlServerYear(major), vmTargetFor(major)))
	}
}

// vmTargetFor names the oldest VM target that restores a backup of major.
func vmTargetFor(major int) string {
	for _, t := range targets {
		if t.VM && t.Major >= major {
			return t.Name
		}
	}
	return "mi"
}
