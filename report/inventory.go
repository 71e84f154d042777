package report

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/layout"
)

// InventoryTable writes the inventory as aligned columns for a terminal.
// An ERROR column appears only when some file could not be read, so the
// common case stays narrow.
func InventoryTable(w io.Writer, inv *layout.Inventory) error {
	header := []string{"PATH", "SIZE", "TYPE", "TIER", "DATABASE", "BY", "BACKUP TYPE"}
	hasErr := false
	for _, f := range inv.Files {
		if f.Error != "" {
			hasErr = true
			break
		}
	}
	if hasErr {
		header = append(header, "ERROR")
	}
	rows := [][]string{header}
	for _, f := range sortedFiles(inv.Files) {
		row := []string{
			fullPath(f.Container, f.Path),
			humanBytes(f.Size),
			dash(f.BlobType.String()),
			dash(f.Tier.String()),
			dash(f.Database),
			dash(f.AttributedBy.String()),
			dash(backupType(f)),
		}
		if hasErr {
			row = append(row, dash(blobscan.Redact(f.Error)))
		}
		rows = append(rows, row)
	}
	// SIZE reads best right-aligned, so the units line up.
	return writeTable(w, rows, map[int]bool{1: true})
}

func backupType(f layout.File) string {
	if f.BackupType != 0 {
		return f.BackupType.String()
	}
	if f.Header != nil {
		return f.Header.BackupType
	}
	return ""
}

// writeTable pads columns by rune count (tabwriter counts bytes, which
// misaligns names with accents) and trims trailing spaces. Cells are made
// printable here, where every table passes, and before they are measured.
func writeTable(w io.Writer, rows [][]string, rightAlign map[int]bool) error {
	widths := map[int]int{}
	for _, r := range rows {
		for i, c := range r {
			r[i] = printable(c)
			widths[i] = max(widths[i], utf8.RuneCountInString(r[i]))
		}
	}
	var b strings.Builder
	for _, r := range rows {
		var line strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if i > 0 {
				line.WriteString("  ")
			}
			if rightAlign[i] {
				line.WriteString(pad + c)
			} else {
				line.WriteString(c + pad)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("writing table: %w", err)
	}
	return nil
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// sortedFiles orders a copy by container, then path: a scan that walks
// folders concurrently must still print the same inventory every time.
func sortedFiles(in []layout.File) []layout.File {
	out := make([]layout.File, len(in))
	copy(out, in)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Container != out[j].Container {
			return out[i].Container < out[j].Container
		}
		return out[i].Path < out[j].Path
	})
	return out
}
