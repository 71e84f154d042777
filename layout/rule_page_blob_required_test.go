package layout

import (
	"strings"
	"testing"
)

func TestPageBlobRequiredFiresOnBlockBlobsForSQL2012And2014(t *testing.T) {
	testRule(t, "page-blob-required", pageBlobTargets, []ruleCase{
		{name: "block blob backup", inv: inv(bak("Sales/a.bak", blockBlob()), bak("Sales/notes.txt", blockBlob())), want: []string{"Sales/a.bak"}},
		{name: "page blob backup", inv: inv(bak("Sales/a.bak"))},
		{name: "local folder is converted on upload", inv: local(bak("Sales/a.bak"))},
		{name: "a local folder is never held to blob types", inv: localTyped(bak("Sales/a.bak", blockBlob()))},
		{name: "empty block blob is empty-backup's business", inv: inv(bak("Sales/a.bak", blockBlob(), withSize(0)))},
	})
}

func TestPageBlobRequiredRemedyNamesTheTarget(t *testing.T) {
	res := Lint(inv(bak("Sales/a.bak", blockBlob())), mustTarget(t, "vm-2014"))
	fs := findingsOf(res, "page-blob-required")
	if len(fs) != 1 || !strings.Contains(fs[0].Remedy, "convert to a page blob (baklint fix --target vm-2014)") {
		t.Fatalf("findings %+v lack the fix command", fs)
	}
}
