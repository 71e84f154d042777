package layout

import (
	"strings"
	"testing"
)

func TestMultipleLogFilesFiresOnceOnTheLatestFullOfADatabaseWithTwoLogFiles(t *testing.T) {
	twoLogs := withFiles(dataFile("Sales", `C:\D\Sales.mdf`, 8<<20), logFile("Sales_log", `C:\D\Sales_log.ldf`, 8<<20), logFile("Sales_log2", `E:\L\Sales_log2.ldf`, 8<<20))
	testRule(t, "multiple-log-files", lrsTargets, []ruleCase{
		{name: "two log files", inv: inv(headed("Sales/full.bak", "Sales", "full", lsn(20, 1, 1), lsn(20, 2, 1), twoLogs),
			headed("Sales/log.trn", "Sales", "log", lsn(20, 2, 1), lsn(20, 3, 1), twoLogs)),
			want: []string{"Sales/full.bak"}},
		{name: "one log file", inv: inv(headed("Sales/full.bak", "Sales", "full", lsn(20, 1, 1), lsn(20, 2, 1), plainFiles("Sales")))},
		{name: "two log files only in an older full", inv: inv(
			headed("Sales/old.bak", "Sales", "full", lsn(10, 1, 1), lsn(10, 2, 1), twoLogs),
			headed("Sales/new.bak", "Sales", "full", lsn(20, 1, 1), lsn(20, 2, 1), plainFiles("Sales")))},
		{name: "two log files in a log backup without a full", inv: inv(headed("Sales/log.trn", "Sales", "log", lsn(20, 2, 1), lsn(20, 3, 1), twoLogs))},
		{name: "no file list", inv: inv(headed("Sales/full.bak", "Sales", "full", lsn(20, 1, 1), lsn(20, 2, 1)))},
	})
}

func TestMultipleLogFilesNamesTheLogFilesAndTheBackup(t *testing.T) {
	in := inv(fullWith(dataFile("Sales", `C:\D\Sales.mdf`, 1), logFile("Sales_log", `C:\D\Sales_log.ldf`, 1), logFile("Sales_log2", `E:\L\Sales_log2.ldf`, 1)))
	f := onlyFinding(t, in, "lrs", "multiple-log-files")
	wantIn(t, "message", f.Message, `"Sales_log2" (E:\L\Sales_log2.ldf)`, "2 log files", "latest full backup full.bak")
	if !strings.Contains(f.Remedy, "REMOVE FILE") || f.KeepsFile {
		t.Errorf("finding %+v: want a remedy that removes files, and the full left free to move", f)
	}
}
