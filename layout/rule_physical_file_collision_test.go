package layout

import (
	"testing"
)

func TestPhysicalFileCollisionFiresOnEachDatabaseSharingAFileName(t *testing.T) {
	full := func(p, db string, opts ...fileOpt) File {
		return headed(p, db, "full", lsn(20, 1, 1), lsn(20, 2, 1), opts...)
	}
	sales := withFiles(dataFile("Sales", `C:\SQL\DATA\App.mdf`, 1), logFile("Sales_log", `C:\SQL\DATA\Sales_log.ldf`, 1))
	testRule(t, "physical-file-collision", vmTargets, []ruleCase{
		{name: "same file name in other folders and case", inv: inv(full("Sales/full.bak", "Sales", sales),
			full("HR/full.bak", "HR", withFiles(dataFile("HR", `E:\Data\APP.MDF`, 1), logFile("HR_log", `E:\Log\HR_log.ldf`, 1)))),
			want: []string{"HR/full.bak", "Sales/full.bak"}},
		{name: "a Linux path and a Windows path", inv: inv(full("Sales/full.bak", "Sales", sales),
			full("HR/full.bak", "HR", withFiles(dataFile("HR", `/var/opt/mssql/data/app.mdf`, 1)))),
			want: []string{"HR/full.bak", "Sales/full.bak"}},
		{name: "different file names", inv: inv(full("Sales/full.bak", "Sales", plainFiles("Sales")), full("HR/full.bak", "HR", plainFiles("HR")))},
		{name: "the shared name only in an older full", inv: inv(full("Sales/full.bak", "Sales", sales),
			headed("HR/old.bak", "HR", "full", lsn(10, 1, 1), lsn(10, 2, 1), withFiles(dataFile("HR", `E:\Data\App.mdf`, 1))),
			headed("HR/new.bak", "HR", "full", lsn(30, 1, 1), lsn(30, 2, 1), plainFiles("HR")))},
		{name: "one database's own files are not compared", inv: inv(full("Sales/full.bak", "Sales",
			withFiles(dataFile("Sales", `C:\A\Sales.mdf`, 1), dataFile("Sales2", `D:\B\Sales.mdf`, 1))))},
		{name: "no file lists", inv: inv(full("Sales/full.bak", "Sales"), full("HR/full.bak", "HR"))},
	})
}

func TestPhysicalFileCollisionNamesBothDatabasesBothFilesAndHowToRestore(t *testing.T) {
	in := inv(
		headed("Sales/full.bak", "Sales", "full", lsn(20, 1, 1), lsn(20, 2, 1), withFiles(dataFile("Sales", `C:\SQL\DATA\App.mdf`, 1))),
		headed("HR/full.bak", "HR", "full", lsn(20, 1, 1), lsn(20, 2, 1), withFiles(dataFile("HRdata", `E:\Data\APP.MDF`, 1))))
	fs := findingsOf(Lint(in, mustTarget(t, "vm-2019")), "physical-file-collision")
	if len(fs) != 2 || fs[0].Database != "HR" || fs[1].Database != "Sales" {
		t.Fatalf("findings %+v: want one for HR, one for Sales", fs)
	}
	wantIn(t, "message", fs[0].Message, `with database "Sales" (latest full backup Sales/full.bak): its "HRdata" (E:\Data\APP.MDF) and their "Sales" (C:\SQL\DATA\App.mdf)`, "error 5170")
	wantIn(t, "remedy", fs[0].Remedy, `WITH MOVE 'HRdata' TO 'F:\data\HR_APP.MDF'`, "migrate one database first and rename its files")
}
