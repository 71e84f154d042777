package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/errclass"
)

// Exit codes of SPEC §9.
const (
	exitOK          = 0
	exitFindings    = 1
	exitBadInput    = 2
	exitStorage     = 3
	exitIncomplete  = 4
	exitInterrupted = 130
)

// codeError carries an exit code that is not an error class of its own:
// findings at or above --fail-on, or a fix with skipped moves. Its message,
// if any, has already been printed.
type codeError struct{ code int }

func (e codeError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// interrupted is a cancelled run that can be resumed; hint says how.
type interrupted struct {
	hint string
	err  error
}

func (e interrupted) Error() string { return "interrupted: " + e.hint }
func (e interrupted) Unwrap() error { return e.err }

// usageError is bad input detected by the CLI itself (flags, arguments).
func usageError(format string, args ...any) error {
	return errclass.Errorf(errclass.BadInput, format, args...)
}

// exitCode maps an error to its exit code.
func exitCode(ctx context.Context, err error) int {
	var ce codeError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ce):
		return ce.code
	case errors.Is(err, context.Canceled) || ctx.Err() != nil:
		return exitInterrupted
	case errors.Is(err, errclass.BadInput):
		return exitBadInput
	case errors.Is(err, errclass.Storage):
		return exitStorage
	default:
		// Anything unclassified is most likely the network or the service:
		// exit 3 tells a pipeline to retry rather than to fix its input.
		return exitStorage
	}
}

// printError writes err as the single line the contract promises: no stack,
// no secret, no embedded newlines.
func printError(w io.Writer, ctx context.Context, err error) {
	var ce codeError
	if errors.As(err, &ce) {
		return
	}
	msg := err.Error()
	var ir interrupted
	switch {
	case errors.As(err, &ir):
		msg = ir.Error()
	case exitCode(ctx, err) == exitInterrupted:
		msg = "interrupted"
	}
	fmt.Fprintf(w, "baklint: %s\n", oneLine(msg))
}

// oneLine strips secrets and folds whitespace, newlines included.
var oneLine = blobscan.RedactLine
