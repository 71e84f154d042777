package layout

import (
	"fmt"

	"github.com/baklint/baklint/bakhdr"
)

var ruleMemoryOptimizedData = Rule{
	ID:        "memory-optimized-data",
	Severity:  Warning,
	Targets:   lrsTargets,
	Rationale: "In-Memory OLTP data restores only on a Business Critical Managed Instance; General Purpose refuses it (XtpInitializedDuringRestore). Read from the file list of the latest full backup; the header decoder does not yet tell memory-optimized containers apart (no sample), so none is reported until it does.",
	Link:      docInMemory,
	Check:     checkMemoryOptimizedData,
}

// checkMemoryOptimizedData looks for memory-optimized (xtp) containers in
// each database's latest full backup; it fires only on files the decoder
// typed "xtp".
func checkMemoryOptimizedData(c *Context) {
	for d := range c.Databases {
		i, files, _ := c.fileList(d)
		xtp := filesOfType(files, bakhdr.FileXTP)
		if i < 0 || len(xtp) == 0 {
			continue
		}
		c.reportFileList(d, i,
			fmt.Sprintf("In-Memory OLTP data in %s; only a Business Critical Managed Instance restores it", describeFiles(xtp)),
			"migrate it to a Business Critical Managed Instance; for General Purpose, move the memory-optimized tables to disk-based ones in a new database without a MEMORY_OPTIMIZED_DATA filegroup (the filegroup cannot be dropped once created) and migrate that")
	}
}
