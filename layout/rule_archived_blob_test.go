package layout

import "testing"

func TestArchivedBlobFiresOnTheArchiveTier(t *testing.T) {
	testRule(t, "archived-blob", nil, []ruleCase{
		{name: "archived backup", inv: inv(bak("Sales/a.bak", blockBlob(), withTier("Archive")), bak("Sales/b.bak", blockBlob(), withTier("Cool"))), want: []string{"Sales/a.bak"}},
		{name: "hot, cool and cold", inv: inv(bak("Sales/a.bak", withTier("Hot")), bak("Sales/b.bak", withTier("Cool")), bak("Sales/c.bak", withTier("Cold")))},
	})
}
