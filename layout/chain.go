package layout

import (
	"slices"
	"strings"

	"github.com/baklint/baklint/bakhdr"
)

// Chain status values of Database.ChainStatus.
const (
	ChainComplete = "complete"
	ChainBroken   = "broken"
	ChainUnknown  = "unknown"
)

// chain is the restore sequence of one database, from its headers: the
// latest full backup, the latest differential based on it, then the log
// backups that carry the database forward from there.
//
// How SQL Server defines it (msdb.backupset): first_lsn is the first log
// record in the backup and last_lsn the *next* log record after it, so a
// log backup covers [FirstLSN, LastLSN). A database restored from a full
// (or differential) backup needs the log record at that backup's LastLSN
// next, so the first log to restore must satisfy
// FirstLSN <= restored.LastLSN < LastLSN (else error 4305, "too recent",
// or 4326, "too early"), and each later log must start at or before the
// previous one's LastLSN. A log whose LastLSN is not past the point
// reached adds nothing and is skipped, as RESTORE would: that covers
// duplicate stripes, empty log backups and logs older than the full.
// Gaps before the latest usable differential do not matter: restoring
// that differential jumps over them.
type chain struct {
	full   int   // index into Context.Files, -1 when absent
	last   int   // last file of the restorable sequence, -1 when none
	gaps   []gap // LSN ranges no backup covers
	status string
}

// gap is a missing LSN range [From, To) before the log backup at file At.
type gap struct {
	From, To string
	At       int
	After    int // the file that ends just before the gap
}

// chainOf returns the chain of Databases[d], computing it on first use.
func (c *Context) chainOf(d int) *chain {
	if c.chains[d] == nil {
		c.chains[d] = c.buildChain(c.Databases[d])
	}
	return c.chains[d]
}

func (c *Context) buildChain(db *DatabaseFiles) *chain {
	ch := &chain{full: -1, last: -1, status: ChainUnknown}
	var diffs, logs []int
	unusable := false // a backup of it that cannot restore: cut off, damaged, a stripe short
	incomplete := c.incompleteStripes(db)
	for _, i := range db.Files {
		if ct := c.Files[i].Content; ct == Truncated || ct == Damaged || ct == Undecoded {
			unusable = true
		}
		h := c.Files[i].Header
		if h == nil || c.Files[i].Stale || !validLSN(h.FirstLSN) || !validLSN(h.LastLSN) {
			continue
		}
		if c.Target.LRS && !HasAcceptedExtension(c.Files[i].Path) {
			// LRS picks files by name and never sees this one
			// (backup-extension): the chain it restores has a hole here.
			continue
		}
		if incomplete[h.MediaSetID] || slices.Contains(h.Unknown, "first_lsn") || slices.Contains(h.Unknown, "last_lsn") {
			// A stripe short, or LSNs the decoder could only estimate: the
			// chain cannot be vouched for past this file.
			unusable = true
			continue
		}
		switch h.BackupType {
		case bakhdr.TypeFull:
			if ch.full < 0 || laterBackup(c.Files[i].File, c.Files[ch.full].File) {
				ch.full = i
			}
		case bakhdr.TypeDifferential:
			diffs = append(diffs, i)
		case bakhdr.TypeLog:
			logs = append(logs, i)
		}
	}
	if ch.full < 0 {
		if c.missingFull(db) || unusable {
			ch.status = ChainBroken
		}
		return ch
	}
	full := c.Files[ch.full].Header
	start := full.LastLSN
	ch.last = ch.full
	for _, i := range diffs {
		h := c.Files[i].Header
		if basedOn(h, full) && compareLSN(h.LastLSN, start) > 0 {
			start, ch.last = h.LastLSN, i
		}
	}
	// Only logs that reach past the full matter; sorting them by FirstLSN
	// makes the walk O(k log k) per database.
	logs = slices.DeleteFunc(logs, func(i int) bool { return compareLSN(c.Files[i].Header.LastLSN, full.LastLSN) <= 0 })
	slices.SortFunc(logs, func(a, b int) int {
		ha, hb := c.Files[a].Header, c.Files[b].Header
		if n := compareLSN(ha.FirstLSN, hb.FirstLSN); n != 0 {
			return n
		}
		if n := compareLSN(ha.LastLSN, hb.LastLSN); n != 0 {
			return n
		}
		return strings.Compare(c.Files[a].Path, c.Files[b].Path)
	})
	cur, prev := start, ch.last
	for _, i := range logs {
		h := c.Files[i].Header
		if compareLSN(h.LastLSN, cur) <= 0 {
			continue
		}
		if compareLSN(h.FirstLSN, cur) > 0 {
			ch.gaps = append(ch.gaps, gap{From: cur, To: h.FirstLSN, At: i, After: prev})
		}
		cur, prev = h.LastLSN, i
		if len(ch.gaps) == 0 {
			ch.last = i
		}
	}
	ch.status = ChainComplete
	// A backup that does not restore stops the restore where it falls, and
	// without its header nobody can say where that is: the chain is not
	// complete, and what restores is known only up to the last good file.
	if len(ch.gaps) > 0 || unusable {
		ch.status = ChainBroken
	}
	return ch
}

// incompleteStripes returns the media sets of db's striped backups that
// lack a family: RESTORE needs every file of a striped backup, so none of
// their files restores (incomplete-stripe-set reports them).
func (c *Context) incompleteStripes(db *DatabaseFiles) map[string]bool {
	var members map[string]map[int]bool
	counts := map[string]int{}
	for _, i := range db.Files {
		h := c.Files[i].Header
		if h == nil || h.FamilyCount < 2 || h.MediaSetID == "" {
			continue
		}
		if members == nil {
			members = map[string]map[int]bool{}
		}
		if members[h.MediaSetID] == nil {
			members[h.MediaSetID] = map[int]bool{}
		}
		members[h.MediaSetID][h.FamilySequence] = true
		counts[h.MediaSetID] = h.FamilyCount
	}
	var out map[string]bool
	for id, m := range members {
		if len(m) < counts[id] {
			if out == nil {
				out = map[string]bool{}
			}
			out[id] = true
		}
	}
	return out
}

// laterBackup orders full backups: by LastLSN, then finish time, then
// path (so that the first stripe of a set represents it).
func laterBackup(a, b *File) bool {
	if n := compareLSN(a.Header.LastLSN, b.Header.LastLSN); n != 0 {
		return n > 0
	}
	if a.Header.BackupFinish != b.Header.BackupFinish {
		return a.Header.BackupFinish > b.Header.BackupFinish
	}
	return a.Path < b.Path
}

const zeroGUID = "00000000-0000-0000-0000-000000000000"

// basedOn reports whether differential d was taken on top of full f: its
// DifferentialBaseGUID names f's backup set or, when the GUIDs are not
// known, its DatabaseBackupLSN is f's checkpoint.
func basedOn(d, f *bakhdr.Header) bool {
	if g := d.DifferentialBaseGUID; g != "" && g != zeroGUID && f.BackupSetGUID != "" {
		return strings.EqualFold(g, f.BackupSetGUID)
	}
	if !validLSN(d.DatabaseBackupLSN) {
		return false
	}
	for _, l := range []string{f.CheckpointLSN, f.FirstLSN} {
		if validLSN(l) && compareLSN(d.DatabaseBackupLSN, l) == 0 {
			return true
		}
	}
	return false
}

// missingFull reports whether db has differential or log backups and no
// file that is, or may be, a full backup. A backup whose type nothing
// tells (a plain .bak without a header) may be a full one, so it counts
// as one: the rule must not fire on what it cannot see.
func (c *Context) missingFull(db *DatabaseFiles) bool {
	dependent := false
	for _, i := range db.Files {
		f := c.Files[i]
		if !f.Backup {
			continue
		}
		switch f.BackupType.String() {
		case bakhdr.TypeFull, bakhdr.TypePartial:
			return false
		case bakhdr.TypeDifferential, bakhdr.TypeLog, bakhdr.TypeDifferentialPartial, bakhdr.TypeDifferentialFile:
			dependent = true
		case "":
			if f.Header == nil {
				return false
			}
		}
	}
	return dependent
}
