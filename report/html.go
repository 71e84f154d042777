package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"

	"github.com/baklint/baklint/bakhdr"
	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/layout"
)

// PlanSummary is a fix plan as the HTML report shows it. It is generic on
// purpose: the report does not depend on the fix package, the CLI converts.
type PlanSummary struct {
	Dest    string
	Moves   []PlanRow
	Skipped []PlanSkip
}

// PlanRow is one planned copy or move.
type PlanRow struct {
	From, To, Database string
	Size               int64
	Note               string // e.g. "block → page blob"
}

// PlanSkip is a source the plan leaves alone, with why.
type PlanSkip struct {
	Path, Reason string
}

// HTMLOptions shape the HTML report.
type HTMLOptions struct {
	Meta
	// Inventory, when given, fills the folder tree with every file (not only
	// those with findings) and lists each database's files.
	Inventory *layout.Inventory
	// Plan, when given, adds the fix plan.
	Plan *PlanSummary
}

//go:embed report.html.tmpl
var htmlSource string

var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"bytes":  humanBytes,
	"plural": plural,
	"base": func(p string) string {
		if i := strings.LastIndex(p, "/"); i >= 0 {
			return p[i+1:]
		}
		return p
	},
	"dash":   dash,
	"redact": blobscan.Redact,
	"ident":  ident,
}).Parse(htmlSource))

// ident marks up an identifier (a path, a file or database name) so that a
// narrow cell wraps it after a separator (/ _ . $ -) and never inside a
// word: <wbr> gives the break opportunities, and the CSS of .ident forbids
// any other break (a table too wide for the page scrolls instead).
func ident(s string) template.HTML {
	var b strings.Builder
	start := 0
	for i := 0; i+1 < len(s); i++ {
		if strings.IndexByte("/_.$-", s[i]) >= 0 {
			b.WriteString(template.HTMLEscapeString(s[start : i+1]))
			b.WriteString("<wbr>")
			start = i + 1
		}
	}
	b.WriteString(template.HTMLEscapeString(s[start:]))
	return template.HTML(b.String())
}

// rootName labels the top of the folder tree: the container root, or for
// an account-wide scan the account, whose children are its containers.
func rootName(loc blobscan.Location) string {
	if loc.Kind == blobscan.KindAccount {
		return "account " + loc.Account
	}
	return rootLabel
}

// vmTarget reports whether the batch estimates of SPEC §1 apply to the
// cut-over: DMS documents its cut-over time for Azure VMs only. "any" and
// an unknown target keep the VM figure, labelled as such.
func vmTarget(name string) bool {
	t, err := layout.LookupTarget(name)
	return err != nil || t.VM || t.Name == "any"
}

type ruleCount struct {
	Rule, Severity string
	Count          int
	Link           string
}

type dbView struct {
	layout.Database
	FileList []layout.File
	// DataFiles is the file list of the database's latest full backup:
	// the files a restore creates, with their physical names.
	DataFiles []bakhdr.DatabaseFile
}

type htmlData struct {
	Source, Target, Version string
	Stats                   layout.InventoryStats
	Summary                 layout.Summary
	Rules                   []ruleCount
	Tree                    *treeNode
	Databases               []dbView
	Batches                 []Batch
	Window                  string
	MaxBatch                int
	Plan                    *PlanSummary
	PlanBytes               int64
	// CutoverEstimated is false for Managed Instance and LRS targets,
	// whose cut-over time DMS does not document.
	CutoverEstimated bool
}

// HTML writes a single self-contained page (inline CSS, no scripts, nothing
// fetched: its Content-Security-Policy forbids it) for a DBA to open.
func HTML(w io.Writer, res *layout.Result, opts HTMLOptions) error {
	fs := sortedFindings(res.Findings)
	dbs := sortedDatabases(res.Databases)
	d := htmlData{
		Source:   cleanSource(res.Source),
		Target:   dash(res.Target),
		Version:  opts.Version,
		Stats:    res.Inventory,
		Summary:  res.Summary,
		Rules:    countRules(fs, ruleLinks(opts.Meta)),
		Tree:     buildTree(opts.Inventory, fs, rootName(res.Location)),
		Batches:  Batches(dbs, opts.Window),
		MaxBatch: MaxBatch,
		Plan:     cleanPlan(opts.Plan),

		CutoverEstimated: vmTarget(res.Target),
	}
	if opts.Window > 0 {
		d.Window = opts.Window.String()
	}
	files := filesByDatabase(res, opts.Inventory, dbs)
	for k, db := range dbs {
		v := dbView{Database: db, FileList: files[k]}
		for _, f := range v.FileList {
			if f.Path == db.LatestFull && f.Header != nil {
				v.DataFiles = f.Header.Files
			}
		}
		d.Databases = append(d.Databases, v)
	}
	if d.Plan != nil {
		for _, m := range d.Plan.Moves {
			d.PlanBytes += m.Size
		}
	}
	// html/template escapes markup, not control or bidi characters.
	d = printableCopy(d)
	var b strings.Builder
	if err := htmlTemplate.Execute(&b, d); err != nil {
		return fmt.Errorf("rendering HTML report: %w", err)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("writing HTML report: %w", err)
	}
	return nil
}

// filesByDatabase lists each database's files (dbs is sortedDatabases of
// res.Databases), in path order. Lint's FileDatabase says which database a
// file is: two databases that share a name (restored in place, or from two
// servers) each list their own. A Result without it (made by hand) is
// grouped by container and name.
func filesByDatabase(res *layout.Result, inv *layout.Inventory, dbs []layout.Database) [][]layout.File {
	out := make([][]layout.File, len(dbs))
	if inv == nil {
		return out
	}
	if len(res.FileDatabase) != len(inv.Files) {
		type dbKey struct{ container, name string }
		byKey := map[dbKey][]layout.File{}
		for _, f := range sortedFiles(inv.Files) {
			k := dbKey{f.Container, f.Database}
			byKey[k] = append(byKey[k], f)
		}
		for k, db := range dbs {
			out[k] = byKey[dbKey{db.Container, db.Name}]
		}
		return out
	}
	// sortedDatabases keeps the order of equal keys, so sorting the
	// indexes the same way maps res.Databases onto dbs.
	order := make([]int, len(res.Databases))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := res.Databases[order[i]], res.Databases[order[j]]
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.Container < b.Container
	})
	pos := make([]int, len(order))
	for k, i := range order {
		pos[i] = k
	}
	for i, f := range inv.Files {
		if d := res.FileDatabase[i]; d >= 0 {
			out[pos[d]] = append(out[pos[d]], f)
		}
	}
	for _, fs := range out {
		sort.SliceStable(fs, func(i, j int) bool {
			if fs[i].Container != fs[j].Container {
				return fs[i].Container < fs[j].Container
			}
			return fs[i].Path < fs[j].Path
		})
	}
	return out
}

// countRules orders rules worst first, then by how often they fired.
func countRules(fs []layout.Finding, links map[string]string) []ruleCount {
	idx := map[string]int{}
	var out []ruleCount
	for _, f := range fs {
		i, ok := idx[f.Rule]
		if !ok {
			i = len(out)
			idx[f.Rule] = i
			out = append(out, ruleCount{Rule: f.Rule, Severity: f.Severity.String(), Link: links[f.Rule]})
		}
		out[i].Count++
		out[i].Severity = worseOf(out[i].Severity, f.Severity.String())
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if severityRank[a.Severity] != severityRank[b.Severity] {
			return severityRank[a.Severity] > severityRank[b.Severity]
		}
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Rule < b.Rule
	})
	return out
}

// cleanPlan copies the plan with its destination stripped of any SAS and
// every free text redacted: a plan's reasons quote storage errors.
func cleanPlan(p *PlanSummary) *PlanSummary {
	if p == nil {
		return nil
	}
	out := &PlanSummary{Dest: cleanSource(p.Dest)}
	for _, m := range p.Moves {
		m.Note = blobscan.Redact(m.Note)
		out.Moves = append(out.Moves, m)
	}
	for _, s := range p.Skipped {
		s.Reason = blobscan.Redact(s.Reason)
		out.Skipped = append(out.Skipped, s)
	}
	return out
}
