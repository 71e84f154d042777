package layout

import (
	"testing"

	"github.com/baklint/baklint/bakhdr"
)

// stripe is family seq of count of media set ms.
func stripe(p, typ, ms string, seq, count int, opts ...fileOpt) File {
	return headed(p, "Sales", typ, lsn(20, 1, 1), lsn(20, 9, 1), append([]fileOpt{editHeader(func(h *bakhdr.Header) {
		h.MediaSetID, h.FamilySequence, h.FamilyCount = ms, seq, count
	})}, opts...)...)
}

func TestIncompleteStripeSetFiresOnMissingFamilies(t *testing.T) {
	testRule(t, "incomplete-stripe-set", nil, []ruleCase{
		{name: "one of two stripes", inv: inv(stripe("Sales/a_1.bak", "full", "m1", 1, 2)), want: []string{"Sales/a_1.bak"}},
		{name: "two of three stripes, reported once", inv: inv(
			stripe("Sales/a_3.bak", "full", "m1", 3, 3), stripe("Sales/a_1.bak", "full", "m1", 1, 3)),
			want: []string{"Sales/a_1.bak"}},
		{name: "two copies of the same stripe are still one", inv: inv(
			stripe("Sales/a_1.bak", "full", "m1", 1, 2), stripe("Sales/copy_1.bak", "full", "m1", 1, 2)),
			want: []string{"Sales/a_1.bak"}},
		{name: "complete set", inv: inv(stripe("Sales/a_1.bak", "full", "m1", 1, 2), stripe("Sales/a_2.bak", "full", "m1", 2, 2))},
		{name: "complete set across folders", inv: inv(stripe("S1/a.bak", "full", "m1", 1, 2), stripe("S2/a.bak", "full", "m1", 2, 2))},
		// A restore reads one container: each half alone is incomplete.
		{name: "set split across two containers", inv: inv(
			stripe("Sales/a_1.bak", "full", "m1", 1, 2, inContainer("x")), stripe("Sales/a_2.bak", "full", "m1", 2, 2, inContainer("y"))),
			want: []string{"Sales/a_1.bak", "Sales/a_2.bak"}},
		{name: "unstriped", inv: inv(stripe("Sales/a.bak", "full", "m1", 1, 1))},
	})
}
