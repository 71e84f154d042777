package report

import (
	"sort"
	"strings"

	"github.com/baklint/baklint/layout"
)

// treeNode is one folder or file of the HTML folder tree, with the findings
// that name it and the totals of everything below it.
type treeNode struct {
	Name       string
	Path       string
	Dir        bool
	File       *layout.File
	Findings   []layout.Finding
	Children   []*treeNode
	Files      int // files at or below this node
	Bytes      int64
	Violations int // findings at or below this node
	Worst      string
}

// buildTree lays out the inventory's files and every finding's path. Without
// an inventory only the paths that findings name appear; a path that another
// path lies under is a folder either way.
func buildTree(inv *layout.Inventory, fs []layout.Finding) *treeNode {
	root := &treeNode{Name: rootLabel, Dir: true}
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
	for _, f := range fs {
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
	n.Violations = len(n.Findings)
	n.Worst = worst(n.Findings, "")
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
