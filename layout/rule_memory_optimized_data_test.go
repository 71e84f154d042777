package layout

import (
	"testing"

	"github.com/baklint/baklint/bakhdr"
)

func TestMemoryOptimizedDataFiresOnAnyMemoryOptimizedContainer(t *testing.T) {
	testRule(t, "memory-optimized-data", lrsTargets, []ruleCase{
		{name: "one container", inv: inv(fullWith(dataFile("Sales", `C:\D\Sales.mdf`, 1), typedFile(bakhdr.FileXTP, "XTP", "c1", `C:\D\c1`))),
			want: []string{"Sales/full.bak"}},
		{name: "FILESTREAM only", inv: inv(fullWith(dataFile("Sales", `C:\D\Sales.mdf`, 1), typedFile(bakhdr.FileFilestream, "FS", "f1", `C:\D\f1`)))},
		{name: "data and log only", inv: inv(fullWith(dataFile("Sales", `C:\D\Sales.mdf`, 1), logFile("Sales_log", `C:\D\Sales_log.ldf`, 1)))},
	})
}
