package report

import "github.com/baklint/baklint/layout"

// The words of every report come from layout's, so messages, plans and
// reports count and size alike.
var (
	plural     = layout.Plural
	humanBytes = layout.HumanBytes
)
