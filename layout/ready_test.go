package layout

import (
	"strings"
	"testing"
)

func TestReadinessNeedsACompleteChainOneFolderAUniqueNameAndNoErrorInItsFolder(t *testing.T) {
	good := func(name, folder string) Database {
		return Database{Name: name, Folders: []string{folder}, ChainStatus: "complete", LastBackupName: name + "_log.trn"}
	}
	errAt := func(p, db string) Finding { return Finding{Rule: "x", Severity: Error, Path: p, Database: db} }
	cases := []struct {
		name     string
		db       Database
		others   []Database
		findings []Finding
		ready    bool
		reason   string // a word one reason must hold, "" for none
		blocking int
	}{
		{"a clean database in one folder", good("Sales", "Sales"), nil, nil, true, "", 0},
		{"a broken chain", func() Database { d := good("Sales", "Sales"); d.ChainStatus = "broken"; return d }(), nil, nil, false, "broken", 0},
		{"an unknown chain", func() Database { d := good("Sales", "Sales"); d.ChainStatus = ""; return d }(), nil, nil, false, "unknown", 0},
		{"no last backup name", func() Database { d := good("Sales", "Sales"); d.LastBackupName = ""; return d }(), nil, nil, false, "last backup", 0},
		{"two folders", func() Database { d := good("Sales", "Sales"); d.Folders = []string{"A", "B"}; return d }(), nil, nil, false, "2 folders", 0},
		{"a name another database shares", good("Sales", "Sales"), []Database{good("sales", "sales")}, nil, false, "same name", 0},
		{"an error on a file of its folder", good("Sales", "Sales"), nil, []Finding{errAt("Sales/x.bak", "")}, false, "", 1},
		{"an error on its folder", good("Sales", "Sales"), nil, []Finding{errAt("Sales/", "")}, false, "", 1},
		{"an error on a file below its folder", good("Sales", "Sales"), nil, []Finding{errAt("Sales/FULL/x.bak", "")}, false, "", 1},
		{"an error naming it elsewhere", good("Sales", "Sales"), nil, []Finding{errAt("Other/y.bak", "Sales")}, false, "", 1},
		{"an error on a parent of its folder", good("Sales", "backup-prod/Sales"), nil, []Finding{errAt("backup-prod/", "")}, false, "", 1},
		{"an error on the container", good("Sales", "Sales"), nil, []Finding{errAt("", "")}, false, "", 1},
		{"an error in a folder whose name it prefixes", good("Sales", "Sales"), nil, []Finding{errAt("SalesArchive/x.bak", "")}, true, "", 0},
		{"a warning in its folder", good("Sales", "Sales"), nil, []Finding{{Rule: "no-checksum", Severity: Warning, Path: "Sales/x.bak", Database: "Sales"}}, true, "", 0},
		{"at the root, an error on a root file", good("Orders", ""), nil, []Finding{errAt("x.bak", "")}, false, "", 1},
		{"at the root, an error in a subfolder", good("Orders", ""), nil, []Finding{errAt("HR/x.bak", "")}, true, "", 0},
		{"an error in another container", func() Database { d := good("Sales", "Sales"); d.Container = "c1"; return d }(), nil,
			[]Finding{{Rule: "x", Severity: Error, Container: "c2", Path: "Sales/x.bak"}}, true, "", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := &Result{Databases: append([]Database{tc.db}, tc.others...), Findings: tc.findings}
			got := r.Readiness()
			if len(got) != len(r.Databases) {
				t.Fatalf("%d readiness entries for %d databases", len(got), len(r.Databases))
			}
			rd := got[0]
			if rd.Ready != tc.ready {
				t.Errorf("ready = %v, want %v (reasons %q, blocking %v)", rd.Ready, tc.ready, rd.Reasons, rd.Blocking)
			}
			if len(rd.Blocking) != tc.blocking {
				t.Errorf("%d blocking findings, want %d", len(rd.Blocking), tc.blocking)
			}
			if tc.reason != "" && !strings.Contains(strings.Join(rd.Reasons, "; "), tc.reason) {
				t.Errorf("reasons %q do not mention %q", rd.Reasons, tc.reason)
			}
			if tc.ready && len(tc.db.Folders) == 1 && rd.Folder != tc.db.Folders[0] {
				t.Errorf("folder %q, want %q", rd.Folder, tc.db.Folders[0])
			}
		})
	}
}
