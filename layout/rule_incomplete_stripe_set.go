package layout

import (
	"fmt"
	"slices"
	"strconv"
)

var ruleIncompleteStripeSet = Rule{
	ID:        "incomplete-stripe-set",
	Severity:  Error,
	Rationale: "A backup striped over several files restores only when every file (media family) of the set is present.",
	Link:      docStriped,
	Check:     checkIncompleteStripeSet,
}

func checkIncompleteStripeSet(c *Context) {
	type set struct {
		count   int
		members map[int]bool
		first   int
	}
	// A restore reads one container, so a set is complete only when one
	// container holds every family.
	type setKey struct{ container, id string }
	sets := map[setKey]*set{}
	var order []setKey
	for i, f := range c.Files {
		h := f.Header
		if h == nil || h.FamilyCount < 2 || h.MediaSetID == "" {
			continue
		}
		k := setKey{f.Container, h.MediaSetID}
		s := sets[k]
		if s == nil {
			s = &set{count: h.FamilyCount, members: map[int]bool{}, first: i}
			sets[k] = s
			order = append(order, k)
		}
		s.members[h.FamilySequence] = true
		if f.Path < c.Files[s.first].Path {
			s.first = i
		}
	}
	for _, k := range order {
		s := sets[k]
		var missing []string
		for seq := 1; seq <= s.count; seq++ {
			if !s.members[seq] {
				missing = append(missing, strconv.Itoa(seq))
			}
		}
		if len(missing) == 0 {
			continue
		}
		present := make([]string, 0, len(s.members))
		for seq := range s.members {
			present = append(present, strconv.Itoa(seq))
		}
		slices.Sort(present)
		c.reportFile(s.first,
			fmt.Sprintf("striped backup (media set %s) has %d of its %d files: family %s missing", k.id, s.count-len(missing), s.count, joinLimited(missing)),
			"copy the missing stripe files of this backup next to it; RESTORE needs every file of a striped backup")
	}
}
