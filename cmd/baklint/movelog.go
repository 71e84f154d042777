package main

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/urfave/cli/v2"
)

// moveEvent is one line of fix --apply's per-move log as JSON (--format
// json), for a pipeline that follows the run. Message is the text line
// itself; From, To and Reason are split out of it when the split is
// unambiguous (a name holding the separator leaves them empty).
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

// jsonLines turns the line-oriented move log of fix.Apply into JSON lines.
// fix.Apply writes whole lines under its own lock; the buffer still copes
// with a line split over writes.
type jsonLines struct {
	mu  sync.Mutex
	w   io.Writer
	buf []byte
	now func() time.Time
}

// moveLog is where fix --apply logs each move: JSON lines with --format
// json, text otherwise, nothing with --quiet.
func moveLog(c *cli.Context) io.Writer {
	switch {
	case c.Bool("quiet"):
		return nil
	case c.String("format") == "json":
		return newJSONLines(c.App.ErrWriter)
	}
	return c.App.ErrWriter
}

func newJSONLines(w io.Writer) *jsonLines { return &jsonLines{w: w, now: time.Now} }

func (j *jsonLines) Write(p []byte) (int, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.buf = append(j.buf, p...)
	for {
		i := bytes.IndexByte(j.buf, '\n')
		if i < 0 {
			return len(p), nil
		}
		line := string(j.buf[:i])
		j.buf = j.buf[i+1:]
		if strings.TrimSpace(line) == "" {
			continue
		}
		ev := parseMoveLine(line)
		ev.Time = j.now().UTC().Format(time.RFC3339Nano)
		b, _ := json.Marshal(ev)
		if _, err := j.w.Write(append(b, '\n')); err != nil {
			return len(p), err
		}
	}
}

// parseMoveLine reads the lines fix.Apply logs: "copied A -> B",
// "converted A -> B (X -> Y)", "already done A -> B", "skipped A: why",
// "failed A: why" and "note: text".
func parseMoveLine(line string) moveEvent {
	ev := moveEvent{Event: "note", Message: line}
	arrow := func(rest string) {
		if strings.Count(rest, " -> ") == 1 {
			ev.From, ev.To, _ = strings.Cut(rest, " -> ")
		}
	}
	why := func(rest string) {
		if strings.Count(rest, ": ") == 1 {
			ev.From, ev.Reason, _ = strings.Cut(rest, ": ")
		}
	}
	switch {
	case strings.HasPrefix(line, "copied "):
		ev.Event = "copied"
		arrow(strings.TrimPrefix(line, "copied "))
	case strings.HasPrefix(line, "already done "):
		ev.Event = "done"
		arrow(strings.TrimPrefix(line, "already done "))
	case strings.HasPrefix(line, "converted "):
		ev.Event = "converted"
		rest := strings.TrimPrefix(line, "converted ")
		if i := strings.LastIndex(rest, " ("); i >= 0 && strings.HasSuffix(rest, ")") {
			if a, b, ok := strings.Cut(rest[i+2:len(rest)-1], " -> "); ok {
				ev.FromType, ev.ToType = a, b
				rest = rest[:i]
			}
		}
		arrow(rest)
	case strings.HasPrefix(line, "skipped "):
		ev.Event = "skipped"
		why(strings.TrimPrefix(line, "skipped "))
	case strings.HasPrefix(line, "failed "):
		ev.Event = "failed"
		why(strings.TrimPrefix(line, "failed "))
	case strings.HasPrefix(line, "note: "):
		ev.Reason = strings.TrimPrefix(line, "note: ")
	}
	return ev
}
