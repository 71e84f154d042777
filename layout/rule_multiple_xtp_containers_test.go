package layout

import (
	"testing"

	"github.com/baklint/baklint/bakhdr"
)

func TestMultipleXTPContainersFiresOnAMemoryOptimizedFilegroupWithTwoContainers(t *testing.T) {
	x := func(fg, name string) bakhdr.DatabaseFile {
		return typedFile(bakhdr.FileXTP, fg, name, `C:\D\`+name)
	}
	base := []bakhdr.DatabaseFile{dataFile("Sales", `C:\D\Sales.mdf`, 1), logFile("Sales_log", `C:\D\Sales_log.ldf`, 1)}
	testRule(t, "multiple-xtp-containers", lrsTargets, []ruleCase{
		{name: "two containers in one filegroup", inv: inv(fullWith(append(base, x("XTP", "c1"), x("XTP", "c2"))...)), want: []string{"Sales/full.bak"}},
		{name: "one container", inv: inv(fullWith(append(base, x("XTP", "c1"))...))},
		{name: "two FILESTREAM containers are not memory-optimized ones", inv: inv(fullWith(append(base,
			typedFile(bakhdr.FileFilestream, "FS", "f1", `C:\D\f1`), typedFile(bakhdr.FileFilestream, "FS", "f2", `C:\D\f2`))...))},
	})
}
