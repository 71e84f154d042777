package layout

import (
	"testing"

	"github.com/baklint/baklint/bakhdr"
)

// stripe is family seq of count of media set ms.
func stripe(p, typ, ms string, seq, count int) File {
	return headed(p, "Sales", typ, lsn(20, 1, 1), lsn(20, 9, 1), editHeader(func(h *bakhdr.Header) {
		h.MediaSetID, h.FamilySequence, h.FamilyCount = ms, seq, count
	}))
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
		{name: "unstriped", inv: inv(stripe("Sales/a.bak", "full", "m1", 1, 1))},
	})
}
