package layout

import (
	"regexp"
	"slices"
	"strings"

	"github.com/baklint/baklint/bakhdr"
)

// Rule is one check. Rules are data: the list in rules.go is what `baklint
// rules`, the report renderers (SARIF) and Lint all read.
type Rule struct {
	ID       string   // stable, kebab-case, never reused (SPEC §4)
	Severity Severity // default severity
	// Targets lists the target names the rule applies to; nil means all
	// targets, including "any".
	Targets   []string
	Rationale string // one line: why the restore fails or suffers
	Link      string // documentation URL behind the rationale
	// KeepsFile: what the rule finds in a file, moving cannot repair
	// (truncated, unreadable, not a backup, too new, archived, empty,
	// unattributed): the fixer leaves every file it reports, with the
	// finding as the reason. The fixer asks the rules, not itself.
	KeepsFile bool
	Check     func(c *Context)
}

// fileCheck is the Check of a rule about single files: find says what to
// report about file f, or an empty message when there is nothing to.
func fileCheck(find func(c *Context, f FileInfo) (message, remedy string)) func(*Context) {
	return func(c *Context) {
		for i, f := range c.Files {
			if message, remedy := find(c, f); message != "" {
				c.reportFile(i, message, remedy)
			}
		}
	}
}

// headerCheck is fileCheck for a rule about backup headers: a file without
// one (not read, or not a native backup) has nothing to report.
func headerCheck(find func(c *Context, f FileInfo, h *bakhdr.Header) (message, remedy string)) func(*Context) {
	return fileCheck(func(c *Context, f FileInfo) (message, remedy string) {
		if f.Header == nil {
			return "", ""
		}
		return find(c, f, f.Header)
	})
}

// databaseCheck is the Check of a rule about each database, d its index in
// Context.Databases.
func databaseCheck(check func(c *Context, d int, db *DatabaseFiles)) func(*Context) {
	return func(c *Context) {
		for d, db := range c.Databases {
			check(c, d, db)
		}
	}
}

// AppliesTo reports whether r is checked against target t.
func (r *Rule) AppliesTo(t Target) bool {
	return r.Targets == nil || slices.Contains(r.Targets, t.Name)
}

// Rules returns every rule, sorted by ID.
func Rules() []Rule {
	rs := slices.Clone(rules)
	slices.SortFunc(rs, func(a, b Rule) int { return strings.Compare(a.ID, b.ID) })
	return rs
}

// LookupRule returns the rule with the given ID.
func LookupRule(id string) (Rule, bool) {
	for _, r := range rules {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

var kebab = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// Target groups used by the rules, derived from the facts on each target so
// that adding a target is adding a row to targets.
var (
	vmTargets       = targetsWhere(func(t Target) bool { return t.VM })
	pageBlobTargets = targetsWhere(func(t Target) bool { return t.PageBlobs })
	lrsTargets      = targetsWhere(func(t Target) bool { return t.LRS })
	// versionedTargets run one engine whose version limits what restores
	// (VMs, and Managed Instance by its update policy); "any" does not.
	versionedTargets = targetsWhere(func(t Target) bool { return t.VM || t.LRS })
)

// targetsWhere names the targets with a property, sorted.
func targetsWhere(has func(Target) bool) []string {
	var names []string
	for _, t := range targets {
		if has(t) {
			names = append(names, t.Name)
		}
	}
	slices.Sort(names)
	return names
}

// Documentation the rationales come from.
const (
	docLRS       = "https://learn.microsoft.com/azure/azure-sql/managed-instance/log-replay-service-migrate"
	docDMSBlob   = "https://learn.microsoft.com/azure/dms/tutorial-sql-server-to-virtual-machine-online-ads"
	docURLBackup = "https://learn.microsoft.com/sql/relational-databases/backup-restore/sql-server-backup-to-url"
	docArchive   = "https://learn.microsoft.com/azure/storage/blobs/archive-rehydrate-overview"
	docCompat    = "https://learn.microsoft.com/sql/t-sql/statements/restore-statements-transact-sql#compatibility-support"
	docLogChain  = "https://learn.microsoft.com/sql/relational-databases/backup-restore/transaction-log-backups-sql-server"
	docChecksum  = "https://learn.microsoft.com/sql/relational-databases/backup-restore/enable-or-disable-backup-checksums-during-backup-or-restore-sql-server"
	docHeader    = "https://learn.microsoft.com/sql/t-sql/statements/restore-statements-headeronly-transact-sql"
	docMIDiff    = "https://learn.microsoft.com/azure/azure-sql/managed-instance/transact-sql-tsql-differences-sql-server"
	docMILimits  = "https://learn.microsoft.com/azure/azure-sql/managed-instance/resource-limits"
	docInMemory  = "https://learn.microsoft.com/azure/azure-sql/in-memory-oltp-overview"
	docMove      = "https://learn.microsoft.com/sql/relational-databases/backup-restore/restore-a-database-to-a-new-location-sql-server"
	docCompress  = "https://learn.microsoft.com/sql/relational-databases/backup-restore/backup-compression-sql-server"
	docStriped   = "https://learn.microsoft.com/sql/relational-databases/backup-restore/media-sets-media-families-and-backup-sets-sql-server"
)
