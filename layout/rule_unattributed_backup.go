package layout

func init() {
	register(Rule{
		ID:        "unattributed-backup",
		Severity:  Warning,
		Rationale: "A backup whose database cannot be told from its header, a known naming pattern or its folder cannot be placed, so the fixer leaves it.",
		Link:      docHeader,
		Check:     checkUnattributedBackup,
	})
}

func checkUnattributedBackup(c *Context) {
	for i, f := range c.Files {
		if f.Backup && f.Database == "" && f.Size > 0 {
			c.reportFile(i, "cannot tell which database this backup belongs to: no readable header, no known naming pattern, no first-level folder",
				"move it into a folder named after its database (DB/"+f.Name()+"); baklint fix leaves it where it is")
		}
	}
}
