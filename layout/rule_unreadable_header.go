package layout

func init() {
	register(Rule{
		ID:        "unreadable-header",
		Severity:  Warning,
		Rationale: "DMS and LRS read each file's SQL Server backup header; a third-party, truncated or corrupt file fails that read.",
		Link:      docHeader,
		Check:     checkUnreadableHeader,
	})
}

func checkUnreadableHeader(c *Context) {
	for i, f := range c.Files {
		if f.Header != nil || f.Error == "" || f.Size == 0 || !f.Backup {
			continue
		}
		c.reportFile(i, "not a readable SQL Server backup header: "+oneLine(f.Error),
			"if a third-party tool (LiteSpeed, Redgate, …) made it, convert it to a native backup; otherwise check the upload finished and take the backup again")
	}
}
