package report

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/baklint/baklint/fix"
)

// MoveLine is the text line of one fix.Event, as fix --apply prints it on
// standard error: "copied A -> B", "converted A -> B (X -> Y)", "already
// done A -> B", "skipped A: why", "failed A: why" or "note: text".
func MoveLine(ev fix.Event) string {
	from, to := printable(ev.From), printable(ev.To)
	switch ev.Kind {
	case fix.EventCopied:
		return fmt.Sprintf("copied %s -> %s", from, to)
	case fix.EventConverted:
		return fmt.Sprintf("converted %s -> %s (%s -> %s)", from, to, printable(ev.FromType), printable(ev.ToType))
	case fix.EventDone:
		return fmt.Sprintf("already done %s -> %s", from, to)
	case fix.EventSkipped, fix.EventFailed:
		return fmt.Sprintf("%s %s: %s", ev.Kind, from, printable(ev.Reason))
	}
	return "note: " + printable(ev.Reason)
}

// MoveLogText writes each event as its text line. Apply calls the
// function from one goroutine at a time.
func MoveLogText(w io.Writer) func(fix.Event) {
	return func(ev fix.Event) { fmt.Fprintln(w, MoveLine(ev)) }
}

// moveEvent is one JSON line of fix --apply --format json, for a pipeline
// that follows the run. Message is the text line.
type moveEvent struct {
	Time     string `json:"time"`
	Event    string `json:"event"` // copied, converted, done, skipped, failed, note
	From     string `json:"from,omitempty"`
	To       string `json:"to,omitempty"`
	FromType string `json:"from_type,omitempty"`
	ToType   string `json:"to_type,omitempty"`
	Reason   string `json:"reason,omitempty"`
	Message  string `json:"message"`
}

// MoveLogJSON writes each event as one JSON line stamped with the time.
func MoveLogJSON(w io.Writer) func(fix.Event) {
	return moveLogJSON(w, time.Now)
}

func moveLogJSON(w io.Writer, now func() time.Time) func(fix.Event) {
	return func(ev fix.Event) {
		// Only strings: Marshal cannot fail. A log that cannot be written
		// does not stop the copies; the summary still reports them.
		b, _ := json.Marshal(moveEvent{
			Time: now().UTC().Format(time.RFC3339Nano), Event: string(ev.Kind),
			From: ev.From, To: ev.To, FromType: ev.FromType, ToType: ev.ToType,
			Reason: ev.Reason, Message: MoveLine(ev),
		})
		_, _ = w.Write(append(b, '\n'))
	}
}
