// Command gensamples writes the synthetic backup layouts under
// testdata/layouts: small container trees, each showing some rules of SPEC
// §4, built from synthetic backups whose headers match their names. Output
// is deterministic, and a test keeps the committed copy identical to it.
//
//	go run ./internal/gensamples -out testdata/layouts
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

func main() {
	out := flag.String("out", filepath.Join("testdata", "layouts"), "folder to write the layouts into")
	flag.Parse()
	n, err := write(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gensamples:", err)
		os.Exit(1)
	}
	fmt.Printf("gensamples: wrote %d files in %d layouts to %s\n", n, len(layouts()), *out)
}

// write replaces each layout folder under out with a fresh copy. Only the
// folders named after layouts are removed, so a wrong -out cannot wipe
// anything else.
func write(out string) (int, error) {
	n := 0
	for _, l := range layouts() {
		dir := filepath.Join(out, l.name)
		if err := os.RemoveAll(dir); err != nil {
			return n, fmt.Errorf("clearing %s: %w", dir, err)
		}
		files := l.files()
		paths := make([]string, 0, len(files))
		for p := range files {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		for _, p := range paths {
			dst := filepath.Join(dir, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				return n, fmt.Errorf("creating folder for %s: %w", dst, err)
			}
			if err := os.WriteFile(dst, files[p], 0o644); err != nil {
				return n, fmt.Errorf("writing %s: %w", dst, err)
			}
			n++
		}
	}
	return n, nil
}
