package fix

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"sync"
	"time"

	"github.com/baklint/baklint/errclass"
)

// Journal events, in the order a move goes through them.
const (
	evBegin    = "begin"
	evStarted  = "started"
	evCopied   = "copied"
	evVerified = "verified"
	evDeleted  = "deleted"
	evSkipped  = "skipped"
	evFailed   = "failed"
)

// entry is one line of the journal.
type entry struct {
	Event      string `json:"event"`
	Time       string `json:"time"`
	Move       int    `json:"move,omitempty"` // 1-based index into plan.Moves
	To         string `json:"to,omitempty"`
	PlanSHA256 string `json:"plan_sha256,omitempty"`
	SHA256     string `json:"sha256,omitempty"`
	Reason     string `json:"reason,omitempty"`
}

// moveState is what earlier runs got done for one move. Skips and failures
// are not remembered as final: a rerun looks again, so fixing the cause
// (removing a conflicting blob, restoring access) lets it finish.
type moveState struct {
	Copied, Verified, Deleted bool
}

// journal is the append-only record of an apply, next to the plan. Every
// line is synced before the step it records is built upon, so after a crash
// it never claims more than happened.
type journal struct {
	mu     sync.Mutex
	f      *os.File
	path   string
	unlock func()
	state  map[int]moveState
}

// JournalPath is where the journal of a plan file lives.
func JournalPath(planFile string) string { return planFile + ".journal" }

// openJournal reads what earlier runs of this plan recorded and opens the
// file for appending. A journal of another plan is refused: resuming from
// it would trust copies this plan never made.
func openJournal(file string, d *PlanDoc) (*journal, error) {
	unlock, err := lockFile(file + ".lock")
	if err != nil {
		return nil, err
	}
	j := &journal{path: file, unlock: unlock, state: map[int]moveState{}}
	fail := func(err error) (*journal, error) { unlock(); return nil, err }
	b, err := os.ReadFile(file)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fail(errclass.Errorf(errclass.BadInput, "read journal %s: %w", file, err))
	}
	fresh := len(b) == 0
	if !fresh {
		err := j.replay(b, d)
		if errors.Is(err, errTornBegin) {
			// A run killed while writing its very first record: nothing
			// was done under this journal yet, so it starts over.
			fresh = true
		} else if err != nil {
			return fail(err)
		}
	}
	flags := os.O_CREATE | os.O_WRONLY | os.O_APPEND
	if fresh {
		flags |= os.O_TRUNC
	}
	j.f, err = os.OpenFile(file, flags, 0o644)
	if err != nil {
		return fail(errclass.Errorf(errclass.BadInput, "open journal %s: %w (the plan's folder must be writable)", file, err))
	}
	if fresh {
		if err := j.write(entry{Event: evBegin, PlanSHA256: d.PlanSHA256}); err != nil {
			j.close()
			return nil, err
		}
	}
	return j, nil
}

func (j *journal) replay(b []byte, d *PlanDoc) error {
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	first, parsed := true, false
	for sc.Scan() {
		var e entry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			// Only the last line can be torn, by a crash mid-write; what it
			// would have said is redone.
			continue
		}
		parsed = true
		if first {
			if e.Event != evBegin || e.PlanSHA256 != d.PlanSHA256 {
				return errclass.Errorf(errclass.BadInput, "journal %s belongs to another plan (checksum differs): the plan was changed after a run started; move the journal away only if you know that run is over", j.path)
			}
			first = false
			continue
		}
		if e.Move < 1 || e.Move > len(d.Moves) || d.Moves[e.Move-1].To != e.To {
			return errclass.Errorf(errclass.BadInput, "journal %s names move %d (%s), which the plan does not have", j.path, e.Move, e.To)
		}
		s := j.state[e.Move-1]
		switch e.Event {
		case evCopied:
			s.Copied = true
		case evVerified:
			s.Copied, s.Verified = true, true
		case evDeleted:
			s.Deleted = true
		}
		j.state[e.Move-1] = s
	}
	if first && !parsed && !bytes.Contains(bytes.TrimRight(b, "\n"), []byte("\n")) {
		return errTornBegin
	}
	if first {
		return errclass.Errorf(errclass.BadInput, "journal %s has no begin record: it is not a baklint journal", j.path)
	}
	return nil
}

// errTornBegin: the journal holds one partial line and nothing else.
var errTornBegin = errors.New("journal torn in its first record")

// record appends an event for move i and syncs it.
func (j *journal) record(i int, d *PlanDoc, ev string, extra entry) error {
	if j == nil {
		return nil
	}
	extra.Event, extra.Move, extra.To = ev, i+1, d.Moves[i].To
	return j.write(extra)
}

func (j *journal) write(e entry) error {
	e.Time = time.Now().UTC().Format(time.RFC3339Nano)
	b, _ := json.Marshal(e)
	b = append(b, '\n')
	j.mu.Lock()
	defer j.mu.Unlock()
	if _, err := j.f.Write(b); err != nil {
		return errclass.Errorf(errclass.Storage, "write journal %s: %w", j.path, err)
	}
	if err := j.f.Sync(); err != nil {
		return errclass.Errorf(errclass.Storage, "sync journal %s: %w", j.path, err)
	}
	return nil
}

func (j *journal) get(i int) moveState {
	if j == nil {
		return moveState{}
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.state[i]
}

func (j *journal) close() {
	if j == nil {
		return
	}
	if j.f != nil {
		j.f.Close()
	}
	j.unlock()
}
