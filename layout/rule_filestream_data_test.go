package layout

import (
	"testing"

	"github.com/baklint/baklint/bakhdr"
)

func TestFilestreamDataFiresOnAFilestreamContainerInTheLatestFull(t *testing.T) {
	fs := typedFile(bakhdr.FileFilestream, "DOCS", "Sales_docs", `C:\D\Sales_docs`)
	testRule(t, "filestream-data", lrsTargets, []ruleCase{
		{name: "a FILESTREAM container", inv: inv(fullWith(dataFile("Sales", `C:\D\Sales.mdf`, 1), logFile("Sales_log", `C:\D\Sales_log.ldf`, 1), fs)),
			want: []string{"Sales/full.bak"}},
		{name: "a memory-optimized container is not FILESTREAM", inv: inv(fullWith(dataFile("Sales", `C:\D\Sales.mdf`, 1), typedFile(bakhdr.FileXTP, "XTP", "x", `C:\D\x`)))},
		{name: "a file the decoder could not type is not taken for FILESTREAM", inv: inv(fullWith(dataFile("Sales", `C:\D\Sales.mdf`, 1), typedFile("", "", "odd", `C:\D\odd`)))},
		{name: "data and log only", inv: inv(fullWith(dataFile("Sales", `C:\D\Sales.mdf`, 1), logFile("Sales_log", `C:\D\Sales_log.ldf`, 1)))},
	})
}
