package layout

import (
	"fmt"
	"strings"
)

var ruleVersionTooNew = Rule{
	ID:        "version-too-new",
	Severity:  Error,
	Targets:   versionedTargets,
	Rationale: "SQL Server cannot restore a backup made by a newer version than itself; a Managed Instance restores up to the version of its update policy.",
	Link:      docCompat,
	KeepsFile: true,
	Check:     checkVersionTooNew,
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
		if c.Target.LRS {
			c.reportFile(i,
				fmt.Sprintf("made by %s (%s); target %s (the %s update policy of Managed Instance) restores up to %s", sqlServerYear(major), f.Header.Version, c.Target.Name, sqlServerYear(c.Target.Major), sqlServerYear(c.Target.Major)),
				fmt.Sprintf("set the Managed Instance's update policy to one that runs %s or later (--target %s)", sqlServerYear(major), JoinOr(policyTargetsFor(c.Target, major))))
			continue
		}
		c.reportFile(i,
			fmt.Sprintf("made by %s (%s); target %s runs %s", sqlServerYear(major), f.Header.Version, c.Target.Name, sqlServerYear(c.Target.Major)),
			fmt.Sprintf("restore on %s or later (--target %s), or migrate to Azure SQL Managed Instance (--target %s)", sqlServerYear(major), vmTargetFor(major), policyTargetsFor(mustLookup("mi"), major)[0]))
	}
}

// vmTargetFor names the oldest VM target that restores a backup of major.
func vmTargetFor(major int) string {
	for _, t := range targets {
		if t.VM && t.Major >= major {
			return t.Name
		}
	}
	return "mi-aut"
}

// policyTargetsFor names the update-policy variants of Managed Instance
// target t (the same service: DMS or LRS) that restore a backup of major.
func policyTargetsFor(t Target, major int) []string {
	service, _, _ := strings.Cut(t.Name, "-")
	var names []string
	for _, o := range targets {
		if o.LRS && strings.HasPrefix(o.Name, service) && (o.Major == 0 || o.Major >= major) {
			names = append(names, o.Name)
		}
	}
	return names
}

// mustLookup returns a target the table is known to hold.
func mustLookup(name string) Target {
	t, err := LookupTarget(name)
	if err != nil {
		panic(err)
	}
	return t
}
