package report

import (
	"sort"
	"time"

	"github.com/baklint/baklint/layout"
)

// DMS figures from SPEC §1: each database takes about two minutes to queue
// and one to cut over on an Azure VM, and at most 100 run at a time.
const (
	MaxBatch     = 100
	QueuePerDB   = 2 * time.Minute
	CutoverPerDB = time.Minute
)

// Batch is one group of databases migrated together.
type Batch struct {
	Number int `json:"number"`
	// Databases are names, as "container/name" in account-wide reports.
	Databases []string `json:"databases"`
	Bytes     int64    `json:"bytes"`
	// DataBytes is the size the batch's restored databases take (the sum
	// of their data_bytes, SPEC §6), left out when no database's is known;
	// DataBytesUnknown counts the databases whose size is not known, so a
	// partial sum is never read as the whole.
	DataBytes        int64 `json:"data_bytes,omitempty"`
	DataBytesUnknown int   `json:"data_bytes_unknown,omitempty"`
	// Minutes rather than durations: JSON readers should not have to parse
	// Go's nanosecond integers.
	QueueMinutes   int `json:"queue_minutes"`
	CutoverMinutes int `json:"cutover_minutes"`
	// OverWindow is set when even one database's cutover exceeds the window.
	OverWindow bool `json:"over_window,omitempty"`
	// DBs are the databases behind Databases, in the same order, so a
	// caller (handoff) need not map labels back to databases.
	DBs []layout.Database `json:"-"`
}

// Batches splits databases into migration batches, largest first. Size
// drives restore time, not cutover time, so starting the largest databases
// in the first batch gives their full restores and log catch-up the longest
// lead before anyone waits on them; small ones cut over quickly at the end.
// Ties go by name so the plan is stable. With a window (> 0) a batch holds
// no more databases than can cut over inside it.
func Batches(dbs []layout.Database, window time.Duration) []Batch {
	sorted := make([]layout.Database, len(dbs))
	copy(sorted, dbs)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].Bytes != sorted[j].Bytes {
			return sorted[i].Bytes > sorted[j].Bytes
		}
		return DatabaseLabel(sorted[i]) < DatabaseLabel(sorted[j])
	})

	size := MaxBatch
	over := false
	if window > 0 {
		fit := int(window / CutoverPerDB)
		if fit < 1 {
			fit, over = 1, true
		}
		size = min(size, fit)
	}

	// Two databases that share a name are told apart by their server.
	names := map[string]int{}
	for _, d := range sorted {
		names[DatabaseLabel(d)]++
	}
	out := []Batch{}
	for start := 0; start < len(sorted); start += size {
		end := min(start+size, len(sorted))
		b := Batch{Number: len(out) + 1, Databases: []string{}, OverWindow: over}
		for _, d := range sorted[start:end] {
			label := DatabaseLabel(d)
			if names[label] > 1 && d.ServerName != "" {
				label += " (" + d.ServerName + ")"
			}
			b.Databases = append(b.Databases, label)
			b.DBs = append(b.DBs, d)
			b.Bytes += d.Bytes
			b.DataBytes += d.DataBytes
			if d.DataBytes == 0 {
				b.DataBytesUnknown++
			}
		}
		n := end - start
		b.QueueMinutes = int(time.Duration(n) * QueuePerDB / time.Minute)
		b.CutoverMinutes = int(time.Duration(n) * CutoverPerDB / time.Minute)
		out = append(out, b)
	}
	return out
}
