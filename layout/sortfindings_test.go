package layout

import (
	"slices"
	"testing"
)

func TestSortFindingsKeepsEachContainerOfAnAccountTogether(t *testing.T) {
	fs := []Finding{
		{Rule: "nested-folder", Container: "b", Path: "A/x/y.bak"},
		{Rule: "no-checksum", Container: "a", Path: "Z/z.bak"},
		{Rule: "empty-backup", Container: "b", Path: "A/x/y.bak"},
		{Rule: "reserved-keyword", Container: "a", Path: ""},
		{Rule: "no-checksum", Container: "b", Path: "B/b.bak"},
	}
	SortFindings(fs)
	var got []string
	for _, f := range fs {
		got = append(got, f.Container+":"+f.Path+":"+f.Rule)
	}
	want := []string{
		"a::reserved-keyword",
		"a:Z/z.bak:no-checksum",
		"b:A/x/y.bak:empty-backup",
		"b:A/x/y.bak:nested-folder",
		"b:B/b.bak:no-checksum",
	}
	if !slices.Equal(got, want) {
		t.Errorf("order\n got %q\nwant %q", got, want)
	}
}
