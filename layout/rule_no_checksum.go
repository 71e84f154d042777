package layout

var ruleNoChecksum = Rule{
	ID:        "no-checksum",
	Severity:  Warning,
	Rationale: "Without WITH CHECKSUM, a backup corrupted in transit or at rest is only found when the restore fails.",
	Link:      docChecksum,
	Check:     checkNoChecksum,
}

func checkNoChecksum(c *Context) {
	for i, f := range c.Files {
		if f.Header != nil && !f.Header.HasChecksums {
			c.reportFile(i, "backup was taken without WITH CHECKSUM",
				"take backups WITH CHECKSUM (or set 'backup checksum default' to 1), and run RESTORE VERIFYONLY WITH CHECKSUM on this one")
		}
	}
}
