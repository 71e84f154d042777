package layout

import "testing"

func TestPageBlobUnalignedFiresOnSizesThatAreNotMultiplesOf512(t *testing.T) {
	testRule(t, "page-blob-unaligned", pageBlobTargets, []ruleCase{
		{name: "odd-sized block blob", inv: inv(bak("Sales/a.bak", blockBlob(), withSize(1000))), want: []string{"Sales/a.bak"}},
		{name: "odd-sized local file", inv: local(bak("Sales/a.bak", withSize(513))), want: []string{"Sales/a.bak"}},
		{name: "aligned block blob", inv: inv(bak("Sales/a.bak", blockBlob(), withSize(4096)))},
		{name: "odd-sized non-backup file", inv: inv(bak("Sales/a.bak"), bak("Sales/readme.txt", withSize(7)))},
	})
}
