package layout

import (
	"fmt"

	"github.com/baklint/baklint/bakhdr"
)

var ruleMultipleXtpContainers = Rule{
	ID:        "multiple-xtp-containers",
	Severity:  Error,
	Targets:   lrsTargets,
	Rationale: "Managed Instance restores a MEMORY_OPTIMIZED_DATA filegroup with one container only; more are refused (IncompatiblePhysicalLayoutTooManyXTPFiles). Read from the file list of the latest full backup; the header decoder does not yet tell memory-optimized containers apart (no sample), so none is reported until it does.",
	Link:      docInMemory,
	Check:     fileListCheck(checkMultipleXTPContainers),
}

// checkMultipleXTPContainers counts the memory-optimized (xtp) containers
// of each filegroup of each database's latest full backup. Like
// filestream-data, it fires only on files the decoder typed "xtp".
func checkMultipleXTPContainers(c *Context, d, i int, files []bakhdr.DatabaseFile, _ bool) {
	byGroup := map[string][]bakhdr.DatabaseFile{}
	var groups []string
	for _, f := range filesOfType(files, bakhdr.FileXTP) {
		if byGroup[f.Filegroup] == nil {
			groups = append(groups, f.Filegroup)
		}
		byGroup[f.Filegroup] = append(byGroup[f.Filegroup], f)
	}
	for _, g := range groups {
		if fs := byGroup[g]; len(fs) > 1 {
			c.reportFileList(d, i,
				fmt.Sprintf("MEMORY_OPTIMIZED_DATA filegroup %s has %d containers, %s; Managed Instance allows one", quote(g), len(fs), describeFiles(fs)),
				fmt.Sprintf("on the source, drop every container of %s but one (ALTER DATABASE … REMOVE FILE, once a checkpoint has merged its data away), take a new full backup and migrate from it; or migrate to SQL Server on an Azure VM", quote(g)))
		}
	}
}
