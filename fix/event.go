package fix

// EventKind is what happened to one move, or a notice about the run.
type EventKind string

// The kinds of Event. Their names are the "event" values of fix --apply's
// JSON log lines.
const (
	EventCopied    EventKind = "copied"    // copied, blob type kept
	EventConverted EventKind = "converted" // copied into another blob type
	EventDone      EventKind = "done"      // finished by an earlier run; nothing written
	EventSkipped   EventKind = "skipped"   // left undone on purpose (Reason says why)
	EventFailed    EventKind = "failed"    // an error; rerunning retries it (Reason)
	EventNote      EventKind = "note"      // a notice about the run (Reason)
)

// Event is one thing an apply reports as it goes: a move finished, or a
// notice. Apply hands events to ApplyOptions.OnEvent; the report package
// renders them as text lines or JSON lines. Names are raw: renderers
// escape them.
type Event struct {
	Kind EventKind
	// From and To are the move's source and destination (empty for a note).
	From, To string
	// FromType and ToType are the blob types of a conversion.
	FromType, ToType string
	// Reason says why a move was skipped or failed, or is a note's text.
	Reason string
}
