package report

import (
	"sort"
	"strings"

	"github.com/baklint/baklint/layout"
)

// treeNode is one folder or file of the HTML folder tree, with the findings
// that name it and the totals of everything below it.
type treeNode struct {
	Name     string
	Path     string
	Dir      bool
	File     *layout.File
	Findings []layout.Finding
	// Groups are runs of like findings at or below this folder, shown once
	// here with their files behind a fold (see groupFindings).
	Groups []findingGroup
	// Folded are grouped findings counted on this node but listed in a
	// group: on their file when the inventory has it, else on the group's
	// folder.
	Folded     []layout.Finding
	Children   []*treeNode
	Files      int // files at or below this node
	Bytes      int64
	Violations int // findings at or below this node
	Worst      string
}

// buildTree lays out the inventory's files and every finding's path. Without
// an inventory only the paths that findings name appear; a path that another
// path lies under is a folder either way. Like findings are folded into
// groups on their first-level folder; their files appear only if the
// inventory lists them. rootName labels the top: the container root, or
// the account of an account-wide report.
func buildTree(inv *layout.Inventory, fs []layout.Finding, rootName string) *treeNode {
	root := &treeNode{Name: rootName, Dir: true}
	index := map[string]*treeNode{"": root}
	var node func(p string) *treeNode
	node = func(p string) *treeNode {
		if n, ok := index[p]; ok {
			return n
		}
		parent, name := "", p
		if i := strings.LastIndex(p, "/"); i >= 0 {
			parent, name = p[:i], p[i+1:]
		}
		pn := node(parent)
		pn.Dir = true
		n := &treeNode{Name: name, Path: p}
		pn.Children = append(pn.Children, n)
		index[p] = n
		return n
	}
	if inv != nil {
		for i := range inv.Files {
			f := &inv.Files[i]
			n := node(fullPath(f.Container, f.Path))
			n.File = f
		}
	}
	groups, of := groupFindings(fs)
	for i := range groups {
		g := &groups[i]
		n := node(strings.TrimSuffix(fullPath(g.Container, g.Folder), "/"))
		n.Dir = true
		n.Groups = append(n.Groups, *g)
	}
	for i, f := range fs {
		if g := of[i]; g >= 0 {
			n, ok := index[fullPath(f.Container, f.Path)]
			if !ok {
				n = index[strings.TrimSuffix(fullPath(groups[g].Container, groups[g].Folder), "/")]
			}
			n.Folded = append(n.Folded, f)
			continue
		}
		// Folder findings name their folder with a trailing slash.
		p := fullPath(f.Container, f.Path)
		n := node(strings.TrimSuffix(p, "/"))
		if strings.HasSuffix(p, "/") {
			n.Dir = true
		}
		n.Findings = append(n.Findings, f)
	}
	total(root)
	return root
}

// total fills the counts bottom-up and orders children folders first, then
// by name, as file browsers do.
func total(n *treeNode) {
	n.Violations = len(n.Findings) + len(n.Folded)
	n.Worst = worst(n.Folded, worst(n.Findings, ""))
	if n.File != nil {
		n.Files, n.Bytes = 1, n.File.Size
	}
	for _, c := range n.Children {
		total(c)
		n.Files += c.Files
		n.Bytes += c.Bytes
		n.Violations += c.Violations
		n.Worst = worseOf(n.Worst, c.Worst)
	}
	sort.SliceStable(n.Children, func(i, j int) bool {
		a, b := n.Children[i], n.Children[j]
		if a.Dir != b.Dir {
			return a.Dir
		}
		return a.Name < b.Name
	})
}

func worst(fs []layout.Finding, w string) string {
	for _, f := range fs {
		w = worseOf(w, f.Severity.String())
	}
	return w
}

var severityRank = map[string]int{"": 0, "info": 1, "warning": 2, "error": 3}

func worseOf(a, b string) string {
	if severityRank[b] > severityRank[a] {
		return b
	}
	return a
}
