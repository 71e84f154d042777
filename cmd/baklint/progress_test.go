package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

func TestProgressShowsOnATerminalOnlyAfterTheDelay(t *testing.T) {
	tests := []struct {
		name     string
		terminal bool
		after    time.Duration
		wantBar  bool
	}{
		{"terminal, work longer than the delay", true, 0, true},
		{"terminal, work shorter than the delay", true, time.Hour, false},
		{"redirected stderr", false, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			p := newProgressTo(&buf, tc.terminal, tc.after, "scanning")
			for i := 1; i <= 1000; i++ {
				p.Update(i)
			}
			drawn := buf.String()
			p.Finish()
			if got := strings.Contains(drawn, "scanning"); got != tc.wantBar {
				t.Fatalf("bar drawn = %v, want %v; output %q", got, tc.wantBar, drawn)
			}
			if tc.wantBar && !strings.Contains(drawn, "files") {
				t.Fatalf("bar without a count of files: %q", drawn)
			}
		})
	}
}

func TestProgressOnAFileIsSilent(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p := newProgress(f, "scanning")
	p.start = p.start.Add(-time.Minute) // long past the delay
	p.Update(5)
	p.Finish()
	if st, _ := f.Stat(); st.Size() != 0 {
		t.Fatalf("a file that is not a terminal got %d bytes of progress", st.Size())
	}
}
