package layout

import (
	"testing"

	"github.com/baklint/baklint/bakhdr"
)

func TestNoChecksumFiresOnBackupsWithoutChecksums(t *testing.T) {
	noSum := editHeader(func(h *bakhdr.Header) { h.HasChecksums = false })
	testRule(t, "no-checksum", nil, []ruleCase{
		{name: "header without checksums", inv: inv(headed("Sales/a.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1), noSum)), want: []string{"Sales/a.bak"}},
		{name: "header with checksums", inv: inv(headed("Sales/a.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1)))},
		{name: "no header, no opinion", inv: inv(bak("Sales/a.bak"))},
	})
}
