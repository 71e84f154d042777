package report

import (
	"path"
	"regexp"
	"strings"

	"github.com/baklint/baklint/layout"
)

// GroupMin is how many like findings it takes to fold them into one group
// in the text and HTML reports, like golangci-lint's --max-same-issues 3:
// an Ola tree gives one nested-folder finding per file, a folder of 1,000
// log backups 1,000 identical no-checksum lines, and a reader needs one.
// JSON and SARIF keep one result per finding.
const GroupMin = 3

// groupShown is how many of a group's files the text report names.
const groupShown = 3

// groupListed is how many of a group's files the HTML fold lists.
const groupListed = 100

// findingGroup is a run of findings of one rule, severity and first-level
// folder whose message and remedy are the same once the file's own name
// and database are taken out.
type findingGroup struct {
	Rule      string
	Severity  layout.Severity
	Container string
	// Folder is the first-level folder the files are in or below, relative
	// to the container root; "" for the root itself.
	Folder   string
	Message  string // with <file> and <db> for what differs
	Remedy   string
	Findings []layout.Finding
}

// Count is the number of findings folded.
func (g findingGroup) Count() int { return len(g.Findings) }

// Where reads "below SQL01$PROD/" or "at the container root".
func (g findingGroup) Where() string {
	if g.Folder == "" {
		return "at the container root"
	}
	return "below " + g.Folder + "/"
}

// Rel is a finding's path relative to the group's folder.
func (g findingGroup) Rel(f layout.Finding) string {
	if g.Folder == "" {
		return f.Path
	}
	return strings.TrimPrefix(f.Path, g.Folder+"/")
}

// Listed is the head of the file list the HTML fold shows; More is how
// many are left out.
func (g findingGroup) Listed() []layout.Finding {
	return g.Findings[:min(len(g.Findings), groupListed)]
}
func (g findingGroup) More() int { return max(0, len(g.Findings)-groupListed) }

type groupKey struct {
	container, rule, folder, message, remedy string
	severity                                 layout.Severity
}

// groupFindings folds runs of at least GroupMin like findings. It returns
// the groups in the order of their first finding and, for each finding of
// fs, the index of its group or -1. Findings on a folder or the container
// root stay single: there is one per folder already.
func groupFindings(fs []layout.Finding) ([]findingGroup, []int) {
	keys := make([]groupKey, len(fs))
	count := map[groupKey]int{}
	gen := generaliser{}
	for i, f := range fs {
		if f.Path == "" || strings.HasSuffix(f.Path, "/") {
			continue
		}
		folder, _, ok := strings.Cut(f.Path, "/")
		if !ok {
			folder = ""
		}
		keys[i] = groupKey{container: f.Container, rule: f.Rule, folder: folder, severity: f.Severity,
			message: gen.apply(f.Message, f), remedy: gen.apply(f.Remedy, f)}
		count[keys[i]]++
	}
	var groups []findingGroup
	index := map[groupKey]int{}
	of := make([]int, len(fs))
	for i, f := range fs {
		of[i] = -1
		k := keys[i]
		if k.rule == "" || count[k] < GroupMin {
			continue
		}
		g, ok := index[k]
		if !ok {
			g = len(groups)
			index[k] = g
			groups = append(groups, findingGroup{Rule: f.Rule, Severity: f.Severity, Container: f.Container,
				Folder: k.folder, Message: k.message, Remedy: k.remedy})
		}
		groups[g].Findings = append(groups[g].Findings, f)
		of[i] = g
	}
	return groups, of
}

// generaliser replaces a finding's own file name with <file> and its
// database name, where it stands as a whole name, with <db>, so that
// "move to HR/x.bak" and "move to Sales/y.bak" both read
// "move to <db>/<file>". It keeps one pattern per database name.
type generaliser map[string]*regexp.Regexp

func (g generaliser) apply(s string, f layout.Finding) string {
	if base := path.Base(f.Path); base != "" && base != "." {
		s = strings.ReplaceAll(s, base, "<file>")
	}
	if f.Database == "" {
		return s
	}
	re, ok := g[f.Database]
	if !ok {
		// A name inside a longer name (HR in HR_Archive or SQL01$HR) is
		// not the database.
		re = regexp.MustCompile(`(^|[^\pL\pN_$.-])` + regexp.QuoteMeta(f.Database) + `($|[^\pL\pN_$-])`)
		g[f.Database] = re
	}
	return re.ReplaceAllString(s, "${1}<db>${2}")
}
