package layout

import "fmt"

var ruleNestedFolder = Rule{
	ID:        "nested-folder",
	Severity:  Error,
	Rationale: "DMS and LRS read backups only from the container root or a folder one level below it.",
	Link:      docLRS,
	Check:     checkNestedFolder,
}

func checkNestedFolder(c *Context) {
	for i, f := range c.Files {
		if !f.Backup || f.Depth < 2 {
			continue
		}
		remedy := "move it to a first-level folder named after its database (its database is unknown, so baklint fix leaves it)"
		if f.DB >= 0 && !f.Stale {
			remedy = "move to " + c.fileDestFolder(i) + f.Name() + " (baklint fix does this)"
		}
		c.reportFile(i, fmt.Sprintf("backup is %d folders below the container root; DMS and LRS read at most one folder deep", f.Depth), remedy)
	}
}
