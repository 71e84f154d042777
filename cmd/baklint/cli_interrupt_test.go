package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestAnInterruptedRunExits130WithOneLine(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // as if Ctrl-C arrived before the scan finished
	var out, errb bytes.Buffer
	code := run(ctx, []string{"baklint", "lint", olaLayout}, &out, &errb)
	if code != 130 {
		t.Fatalf("exit %d, want 130 (stderr %q)", code, errb.String())
	}
	if lines := strings.Split(strings.TrimRight(errb.String(), "\n"), "\n"); len(lines) != 1 || !strings.Contains(lines[0], "interrupted") {
		t.Errorf("stderr %q, want one line saying it was interrupted", errb.String())
	}
}
