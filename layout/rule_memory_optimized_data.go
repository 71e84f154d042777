package layout

import (
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
	c.reportFilesOfType(bakhdr.FileXTP,
		"In-Memory OLTP data in %s; only a Business Critical Managed Instance restores it",
		"migrate it to a Business Critical Managed Instance; for General Purpose, move the memory-optimized tables to disk-based ones in a new database without a MEMORY_OPTIMIZED_DATA filegroup (the filegroup cannot be dropped once created) and migrate that")
}
