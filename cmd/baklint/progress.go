package main

import (
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/urfave/cli/v2"
	"golang.org/x/term"
)

// progressAfter is how long work runs before a bar appears: quick scans stay
// silent, long ones show they are alive.
const progressAfter = 2 * time.Second

// progress draws a count of files done on stderr, once the work has run
// for progressAfter, and only when stderr is a terminal: a redirected or
// piped stderr (CI logs, scripts) never gets control sequences.
type progress struct {
	w        io.Writer
	terminal bool
	after    time.Duration
	what     string
	start    time.Time

	mu  sync.Mutex
	bar *progressbar.ProgressBar
}

// newProgress returns the progress of a scan or an apply on w. Update fits
// ScanOptions.Progress; call Finish when the work ends.
func newProgress(w io.Writer, what string) *progress {
	f, ok := w.(*os.File)
	return newProgressTo(w, ok && term.IsTerminal(int(f.Fd())), progressAfter, what)
}

// progressFor is the progress of a command: none under --quiet.
func progressFor(c *cli.Context, what string) *progress {
	if c.Bool("quiet") {
		return newProgressTo(c.App.ErrWriter, false, progressAfter, what)
	}
	return newProgress(c.App.ErrWriter, what)
}

func newProgressTo(w io.Writer, terminal bool, after time.Duration, what string) *progress {
	return &progress{w: w, terminal: terminal, after: after, what: what, start: time.Now()}
}

// Update records that done items are finished.
func (p *progress) Update(done int) {
	if !p.terminal {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar == nil {
		if time.Since(p.start) < p.after {
			return
		}
		// The total is unknown while the listing runs: a counter with
		// a spinner, its rate and the elapsed time.
		p.bar = progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetDescription(p.what),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("files"),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionSpinnerType(14),
		)
	}
	_ = p.bar.Set(done)
}

// Finish clears the bar, if one was drawn, so what follows starts on a
// clean line.
func (p *progress) Finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		_ = p.bar.Finish()
		p.bar = nil
	}
}
