package handoff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/baklint/baklint/errclass"
	"github.com/baklint/baklint/layout"
)

// Status is what DMS or LRS reported about one database's migration.
type Status struct {
	Kind     string // "DMS" or "LRS"
	Target   string // the baklint target the document implies: mi, lrs or any (a SQL VM of unknown version)
	Database string // source or target database name, when the document says
	State    string // migrationStatus / migrationState, or restoreDetails status
	Refusals []Refusal
}

// Refusal is one error, blocked or unrestorable file the document holds.
type Refusal struct {
	Where string   // the field it came from
	Text  string   // the code, message or file name as reported
	Files []string // the files at fault, when the field names any
}

// ParseStatus reads a DMS databaseMigrations resource (GET with
// $expand=MigrationStatusDetails, as the REST API, az datamigration … show
// --expand MigrationStatusDetails or the PowerShell cmdlets' JSON give it),
// a bare MigrationStatusDetails object, an LRS restoreDetails resource, an
// ARM error response, or a specification example file wrapping any of
// them. Keys are matched case-insensitively, as PowerShell's JSON differs
// from the REST API's in case.
func ParseStatus(data []byte) (*Status, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var root any
	if err := d.Decode(&root); err != nil {
		return nil, errclass.Errorf(errclass.BadInput, "not JSON: %w", err)
	}
	doc, ok := root.(map[string]any)
	if !ok {
		return nil, errclass.Errorf(errclass.BadInput, "not a JSON object")
	}
	if resp := obj(obj(doc, "responses"), "200"); resp != nil { // a specification example
		doc = obj(resp, "body")
	}
	st := &Status{}
	if e := obj(doc, "error"); e != nil { // an ARM error response
		st.Kind, st.Target = "LRS", "lrs"
		addError(st, "error", e)
		return st, nil
	}
	props := obj(doc, "properties")
	if props == nil {
		props = unflatten(doc)
	}
	st.Database = databaseFromID(str(doc, "id"))
	switch {
	case obj(props, "migrationStatusDetails") != nil || str(props, "kind") != "" || get(props, "migrationStatus") != nil:
		parseDMS(st, props)
	case get(props, "migrationState") != nil || get(props, "activeBackupSets") != nil:
		st.Kind, st.Target = "DMS", "any"
		parseDetails(st, props, "migrationStatusDetails")
	case get(props, "blockReason") != nil || get(props, "unrestorableFiles") != nil || strings.EqualFold(str(props, "type"), "LRSRestore") || get(props, "numberOfFilesDetected") != nil:
		parseLRS(st, props)
	default:
		return nil, errclass.Errorf(errclass.BadInput, "neither a DMS migration with MigrationStatusDetails nor an LRS restoreDetails document (no migrationStatusDetails, blockReason or unrestorableFiles)")
	}
	return st, nil
}

func parseDMS(st *Status, props map[string]any) {
	st.Kind, st.Target = "DMS", "mi"
	if strings.EqualFold(str(props, "kind"), "SqlVm") {
		st.Target = "any" // the VM's SQL Server version is not in the document
	}
	if n := str(props, "sourceDatabaseName"); n != "" {
		st.Database = n
	}
	st.State = str(props, "migrationStatus")
	if e := obj(props, "migrationFailureError"); e != nil {
		addError(st, "migrationFailureError", e)
	}
	if s := str(props, "provisioningError"); s != "" {
		st.add("provisioningError", s, "")
	}
	if msd := obj(props, "migrationStatusDetails"); msd != nil {
		parseDetails(st, msd, "migrationStatusDetails")
	}
}

func parseDetails(st *Status, msd map[string]any, at string) {
	if s := str(msd, "migrationState"); s != "" && !strings.EqualFold(s, st.State) {
		st.State = strings.Trim(st.State+" / "+s, " /")
	}
	for _, f := range []string{"restoreBlockingReason", "completeRestoreErrorMessage"} {
		if s := str(msd, f); s != "" {
			st.add(at+"."+f, s)
		}
	}
	for _, s := range strs(get(msd, "fileUploadBlockingErrors", "fileUploadBlockingError")) {
		st.add(at+".fileUploadBlockingErrors", s)
	}
	for _, f := range strs(get(msd, "invalidFiles", "invalidFile")) {
		st.add(at+".invalidFiles", "InvalidFile", f)
	}
	sets := list(get(msd, "activeBackupSets", "activeBackupSet"))
	for _, k := range []string{"fullBackupSetInfo", "lastRestoredBackupSetInfo"} {
		if s := obj(msd, k); s != nil {
			sets = append(sets, s)
		}
	}
	for _, s := range sets {
		set, _ := s.(map[string]any)
		var files []string
		for _, f := range list(get(set, "listOfBackupFiles", "listOfBackupFile")) {
			if m, ok := f.(map[string]any); ok {
				files = append(files, str(m, "fileName"))
			}
		}
		for _, r := range strs(get(set, "ignoreReasons", "ignoreReason")) {
			st.add(at+".activeBackupSets.ignoreReasons", r, files...)
		}
	}
}

func parseLRS(st *Status, props map[string]any) {
	st.Kind, st.Target = "LRS", "lrs"
	st.State = str(props, "status")
	if s := str(props, "blockReason"); s != "" {
		st.add("blockReason", s)
	}
	for _, f := range list(get(props, "unrestorableFiles")) {
		if m, ok := f.(map[string]any); ok {
			st.add("unrestorableFiles", "UnrestorableFile", str(m, "name"))
		}
	}
}

func addError(st *Status, at string, e map[string]any) {
	code, msg := str(e, "code"), str(e, "message")
	if code != "" || msg != "" {
		st.add(at, strings.TrimSpace(code+" "+msg))
	}
	for _, d := range list(get(e, "details")) {
		if m, ok := d.(map[string]any); ok {
			addError(st, at+".details", m)
		}
	}
}

func (st *Status) add(where, text string, files ...string) {
	st.Refusals = append(st.Refusals, Refusal{Where: where, Text: text, Files: files})
}

// Item is one refusal explained.
type Item struct {
	Refusal
	Code  string // the code recognised, or the unknown code, "" for a free message
	Known bool
	Entry Code
	// Findings are the findings of SOURCE (when given) behind the refusal:
	// those of the code's rules, on the named file when there is one.
	Findings []layout.Finding
}

var (
	codeLike = regexp.MustCompile(`^[A-Z][A-Za-z0-9]+$`)
	word     = regexp.MustCompile(`[A-Za-z][A-Za-z0-9]+`)
)

// Explain maps every refusal of st to codes and rules; res, when not nil,
// is SOURCE linted, whose findings are attached to the refusals they
// explain. Each refusal yields at least one item: unknown codes and
// unrecognised messages are listed as such.
func Explain(st *Status, res *layout.Result) []Item {
	var items []Item
	for _, r := range st.Refusals {
		codes := recognise(r.Text)
		if len(codes) == 0 {
			it := Item{Refusal: r}
			if first := strings.Fields(r.Text); len(first) > 0 && codeLike.MatchString(first[0]) {
				it.Code = first[0]
			}
			items = append(items, it)
			continue
		}
		for _, e := range codes {
			it := Item{Refusal: r, Code: e.Code, Known: true, Entry: e}
			if res != nil {
				it.Findings = findingsFor(res, e, r.Files, st.Database)
			}
			items = append(items, it)
		}
	}
	return items
}

// recognise returns the entries of the known codes in text: codes written
// out, then what the message patterns recognise, each once.
func recognise(text string) []Code {
	var out []Code
	seen := func(code string) bool { return slices.ContainsFunc(out, func(c Code) bool { return c.Code == code }) }
	for _, w := range word.FindAllString(text, -1) {
		if c, ok := LookupCode(w); ok && !seen(c.Code) {
			out = append(out, c)
		}
	}
	// Messages are read when no code was found, or only a generic one
	// (SqlRestoreError) whose message carries the SQL Server error.
	for _, c := range out {
		if len(c.Rules) > 0 {
			return out
		}
	}
	low := strings.ToLower(text)
	for _, p := range messagePatterns {
		if strings.Contains(low, p.substr) && !seen(p.code) {
			e, _ := LookupCode(p.code)
			out = append(out, e)
		}
	}
	return out
}

// findingsFor picks the findings of res that explain a refusal: of one of
// the code's rules, on the file named (by bare name, as the services name
// files), and otherwise of the database the document is about.
func findingsFor(res *layout.Result, e Code, files []string, database string) []layout.Finding {
	var names []string
	for _, f := range files {
		if f != "" {
			names = append(names, path.Base(f))
		}
	}
	var out []layout.Finding
	for _, f := range res.Findings {
		if !slices.Contains(e.Rules, f.Rule) {
			continue
		}
		switch {
		case len(names) > 0:
			if !slices.Contains(names, path.Base(f.Path)) {
				continue
			}
		case database != "" && f.Database != "" && !strings.EqualFold(f.Database, database):
			continue
		}
		out = append(out, f)
	}
	return out
}

// WriteExplanation renders items as text; res is SOURCE linted, or nil.
// With SOURCE, it ends with whether the database the document is about is
// ready now, as layout.Result.Readiness decides for `baklint script`.
func WriteExplanation(w io.Writer, st *Status, items []Item, res *layout.Result) error {
	linted := res != nil
	var b strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	head := st.Kind + " status"
	if st.Database != "" {
		head += " of database " + quoteName(st.Database)
	}
	if st.State != "" {
		head += ": " + commentSafe(st.State)
	}
	p("%s", head)
	if len(items) == 0 {
		p("No error code, blocked or unrestorable file in this document.")
	}
	for i, it := range items {
		p("")
		title := it.Code
		switch {
		case it.Code == "":
			title = "unrecognised message"
		case !it.Known:
			title = it.Code + " (unknown code: not mapped to any baklint rule)"
		}
		p("%d. %s  [%s]", i+1, title, it.Where)
		if it.Text != it.Code {
			p("   reported: %s", commentSafe(it.Text))
		}
		if file := strings.Join(it.Files, ", "); file != "" {
			p("   file: %s", commentSafe(file))
		}
		if !it.Known {
			continue
		}
		if len(it.Entry.Rules) > 0 {
			p("   found before a migration by: %s", strings.Join(it.Entry.Rules, ", "))
		} else {
			p("   no baklint rule finds this: %s", it.Entry.NotCovered)
		}
		p("   remedy: %s", it.Entry.Remedy)
		if !linted || len(it.Entry.Rules) == 0 {
			continue
		}
		if len(it.Findings) == 0 {
			p("   in SOURCE: none of these rules fires now")
		}
		for _, f := range it.Findings {
			p("   in SOURCE: %s %s %s: %s", f.Severity, f.Rule, commentSafe(f.Path), commentSafe(f.Message))
		}
	}
	if linted {
		p("")
		writeReadiness(p, res, st.Database)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeReadiness says whether the database the document is about can be
// migrated from SOURCE as it is now.
func writeReadiness(p func(string, ...any), res *layout.Result, name string) {
	if name == "" {
		p("SOURCE: the document does not name the database; run baklint script SOURCE to see which are ready.")
		return
	}
	found := false
	for _, rd := range res.Readiness() {
		if !strings.EqualFold(rd.Database.Name, name) {
			continue
		}
		found = true
		if rd.Ready {
			p("SOURCE: database %s is ready now (folder %s, last backup %s): baklint script writes its command.",
				quoteName(rd.Database.Name), quoteName(rd.Folder), quoteName(rd.Database.LastBackupName))
			continue
		}
		p("SOURCE: database %s is not ready:", quoteName(rd.Database.Name))
		reasons, findings := whyNotReady(rd)
		for _, s := range append(reasons, findings...) {
			p("  - %s", commentSafe(s))
		}
	}
	if !found {
		p("SOURCE: holds no database called %s.", quoteName(name))
	}
}

func quoteName(s string) string { return "\"" + commentSafe(s) + "\"" }

// Helpers over decoded JSON, matching keys case-insensitively.

// get returns the value of the first of keys m holds. Several keys cover
// the REST API's plural array names and the PowerShell models' singular
// ones (MigrationStatusDetailInvalidFile).
func get(m map[string]any, keys ...string) any {
	if m == nil {
		return nil
	}
	for _, key := range keys {
		if v, ok := m[key]; ok {
			return v
		}
		for k, v := range m {
			if strings.EqualFold(k, key) {
				return v
			}
		}
	}
	return nil
}

// unflatten rebuilds the REST shape from the JSON of a PowerShell object
// (Get-AzDataMigrationToSql… -Expand MigrationStatusDetails | ConvertTo-Json),
// whose models flatten nested properties into prefixed names:
// MigrationStatusDetailMigrationState, MigrationFailureErrorCode, ….
func unflatten(doc map[string]any) map[string]any {
	out := map[string]any{}
	msd, failure := map[string]any{}, map[string]any{}
	for k, v := range doc {
		switch {
		case len(k) > len("MigrationStatusDetail") && strings.EqualFold(k[:len("MigrationStatusDetail")], "MigrationStatusDetail"):
			msd[k[len("MigrationStatusDetail"):]] = v
		case len(k) > len("MigrationFailureError") && strings.EqualFold(k[:len("MigrationFailureError")], "MigrationFailureError"):
			failure[k[len("MigrationFailureError"):]] = v
		default:
			out[k] = v
		}
	}
	if len(msd) > 0 && get(out, "migrationStatusDetails") == nil {
		out["migrationStatusDetails"] = msd
	}
	if len(failure) > 0 && get(out, "migrationFailureError") == nil {
		out["migrationFailureError"] = failure
	}
	return out
}

func obj(m map[string]any, key string) map[string]any {
	v, _ := get(m, key).(map[string]any)
	return v
}

func str(m map[string]any, key string) string {
	switch v := get(m, key).(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	}
	return ""
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func strs(v any) []string {
	var out []string
	for _, x := range list(v) {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// databaseFromID takes the database name out of an ARM resource ID
// (…/databases/NAME/restoreDetails/… or …/databaseMigrations/NAME).
func databaseFromID(id string) string {
	segs := strings.Split(id, "/")
	for i := 0; i+1 < len(segs); i++ {
		if strings.EqualFold(segs[i], "databases") || strings.EqualFold(segs[i], "databaseMigrations") {
			return segs[i+1]
		}
	}
	return ""
}
