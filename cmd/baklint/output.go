package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"

	"github.com/baklint/baklint/report"
)

// output is one rendering of a result, to a file or to stdout.
type output struct {
	format string
	path   string // "" for stdout
}

// singleOutput is pairOutputs for a command with one --format and at most
// one --output.
func singleOutput(format, path string, allowed ...string) ([]output, error) {
	var paths []string
	if path != "" {
		paths = []string{path}
	}
	return pairOutputs([]string{format}, paths, allowed...)
}

// pairOutputs matches repeated --format and --output flags in order. One
// format more than outputs sends the last one to stdout, so
// `--format json --output r.json --format text` writes a file and prints text.
// The first allowed format is the default.
func pairOutputs(formats, paths []string, allowed ...string) ([]output, error) {
	if len(formats) == 0 {
		formats = allowed[:1]
	}
	ok := map[string]bool{}
	for _, a := range allowed {
		ok[a] = true
	}
	for _, f := range formats {
		if !ok[f] {
			return nil, usageError("unknown --format %q: use one of %v", f, allowed)
		}
	}
	if len(paths) > len(formats) || len(paths) < len(formats)-1 {
		return nil, usageError("%d --format and %d --output flags: give one --output per --format (the last format may go to stdout)", len(formats), len(paths))
	}
	outs := make([]output, len(formats))
	for i, f := range formats {
		outs[i].format = f
		if i < len(paths) {
			outs[i].path = paths[i]
		}
	}
	for _, o := range outs {
		if o.path == "" {
			continue
		}
		if fi, err := os.Stat(filepath.Dir(o.path)); err != nil || !fi.IsDir() {
			return nil, usageError("cannot write --output %s: its folder does not exist", o.path)
		}
	}
	return outs, nil
}

// renderFormat renders an output with the command's format of that name
// from report's registry; pairOutputs has checked the name.
func renderFormat(command string, job func(o output) report.Job) func(io.Writer, output) error {
	return func(w io.Writer, o output) error {
		f, err := report.LookupFormat(command, o.format)
		if err != nil {
			return err
		}
		return f.Render(w, job(o))
	}
}

// writeOutputs renders every output into memory first, so that a failing
// renderer leaves no partial file, then moves each file into place.
func writeOutputs(stdout io.Writer, outs []output, render func(w io.Writer, o output) error) error {
	bufs := make([]bytes.Buffer, len(outs))
	for i, o := range outs {
		if err := render(&bufs[i], o); err != nil {
			return fmt.Errorf("render %s: %w", o.format, err)
		}
	}
	for i, o := range outs {
		if o.path == "" {
			if _, err := stdout.Write(bufs[i].Bytes()); err != nil {
				return err
			}
			continue
		}
		if err := writeFileAtomic(o.path, bufs[i].Bytes()); err != nil {
			return err
		}
	}
	return nil
}

// writeFileAtomic writes data to a temporary file beside path and renames
// it into place. The temporary file is created with mode 0666 so that the
// umask decides, as it does for any file a shell redirection creates;
// os.CreateTemp would make every report 0600.
func writeFileAtomic(path string, data []byte) error {
	return renderFileAtomic(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// renderFileAtomic is writeFileAtomic for a renderer that writes as it
// goes: a failure leaves no file behind, and nothing is held in memory.
func renderFileAtomic(path string, render func(io.Writer) error) error {
	tmp, err := createBeside(path)
	if err != nil {
		return usageError("cannot write %s: %v", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := render(tmp); err != nil {
		tmp.Close()
		return usageError("cannot write %s: %v", path, err)
	}
	if err := tmp.Close(); err != nil {
		return usageError("cannot write %s: %v", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return usageError("cannot write %s: %v", path, err)
	}
	return nil
}

// writeOutputsStreamed is writeOutputs for renderers that fail only when
// writing (the inventory of a million files is some 270 MB of JSON): each
// file is written into its temporary file and moved into place, then
// stdout is written as it renders, last, so a failing file leaves stdout
// untouched.
func writeOutputsStreamed(stdout io.Writer, outs []output, render func(w io.Writer, o output) error) error {
	for _, o := range outs {
		if o.path == "" {
			continue
		}
		if err := renderFileAtomic(o.path, func(w io.Writer) error { return render(w, o) }); err != nil {
			return err
		}
	}
	for _, o := range outs {
		if o.path == "" {
			if err := render(stdout, o); err != nil {
				return fmt.Errorf("render %s: %w", o.format, err)
			}
		}
	}
	return nil
}

// createBeside creates a new, hidden file in path's folder with a random
// name, failing rather than reusing one that exists.
func createBeside(path string) (*os.File, error) {
	dir, base := filepath.Dir(path), filepath.Base(path)
	for {
		name := filepath.Join(dir, "."+base+"."+strconv.FormatUint(rand.Uint64(), 36))
		f, err := os.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o666)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
}

// isTerminal reports whether w is a terminal that wants colour.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
