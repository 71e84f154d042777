package layout

import "fmt"

var ruleNestedFolder = Rule{
	ID:        "nested-folder",
	Severity:  Error,
	Rationale: "DMS and LRS read backups only from the container root or a folder one level below it.",
	Link:      docLRS,
	Check:     fileCheck(checkNestedFolder),
}

func checkNestedFolder(c *Context, f FileInfo) (message, remedy string) {
	if !f.Backup || f.Depth < 2 {
		return "", ""
	}
	remedy = "move it to a first-level folder named after its database (its database is unknown, so baklint fix leaves it)"
	if f.DB >= 0 && !f.Stale {
		remedy = "move to " + c.fileDestFolder(f) + f.Name() + " (baklint fix does this)"
	}
	return fmt.Sprintf("backup is %d folders below the container root; DMS and LRS read at most one folder deep", f.Depth), remedy
}
