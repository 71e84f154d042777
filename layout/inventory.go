package layout

import (
	"errors"
	"iter"
	"slices"

	"github.com/baklint/baklint/bakhdr"
	"github.com/baklint/baklint/blobscan"
)

// NewInventory turns a scan of loc into an attributed inventory; the
// inventory keeps loc without its SAS. Files of an account-wide scan keep
// their container, and each container is a root of its own; a
// single-container scan records its container on the Inventory instead, so
// that paths stay relative to it.
func NewInventory(loc blobscan.Location, scanned []blobscan.Scanned) *Inventory {
	return NewInventoryFrom(loc, len(scanned), slices.Values(scanned))
}

// NewInventoryFrom is NewInventory over the n objects scanned yields (a
// blobscan.Listing's), so that no expanded copy of a million-object scan
// lives beside the inventory.
func NewInventoryFrom(loc blobscan.Location, n int, scanned iter.Seq[blobscan.Scanned]) *Inventory {
	loc.SAS = ""
	inv := &Inventory{Source: blobscan.Redact(loc.Display()), Location: loc, Files: make([]File, 0, n)}
	container, accountWide := ContainerOf(loc, scanned)
	inv.Container = container
	for f := range attributedFiles(scanned, accountWide) {
		inv.Files = append(inv.Files, f)
	}
	return inv
}

// ContainerOf is the Inventory.Container of a scan (its container, unless
// it is account-wide) and whether it is account-wide.
func ContainerOf(loc blobscan.Location, scanned iter.Seq[blobscan.Scanned]) (string, bool) {
	if isAccountWide(loc, scanned) {
		return "", true
	}
	for s := range scanned {
		return s.Container, false
	}
	return "", false
}

// AttributedFiles yields the inventory's files one at a time, in scan
// order, for a caller that writes them out rather than keeping them
// (scanned is read twice: once to tell an account-wide scan).
func AttributedFiles(loc blobscan.Location, scanned iter.Seq[blobscan.Scanned]) iter.Seq[File] {
	return func(yield func(File) bool) {
		for f := range attributedFiles(scanned, isAccountWide(loc, scanned)) {
			if !yield(f) {
				return
			}
		}
	}
}

// attributedFiles is AttributedFiles once it is known whether the scan is
// account-wide (NewInventoryFrom knows it already: one pass fewer over a
// million objects).
func attributedFiles(scanned iter.Seq[blobscan.Scanned], accountWide bool) iter.Seq[File] {
	return func(yield func(File) bool) {
		for s := range scanned {
			f := File{
				Path: s.Path, Size: s.Size, BlobType: BlobTypeOf(s.BlobType), Tier: TierOf(s.Tier),
				ETag: s.ETag, Header: s.Header,
			}
			if accountWide {
				f.Container = s.Container
			}
			if s.HeaderErr != nil {
				f.Error = blobscan.RedactLine(s.HeaderErr.Error())
			}
			f.Content = contentOf(s)
			Attribute(&f)
			if !yield(f) {
				return
			}
		}
	}
}

// isAccountWide: the source names an account rather than a container, or
// the scan spans several containers.
func isAccountWide(loc blobscan.Location, scanned iter.Seq[blobscan.Scanned]) bool {
	if loc.Kind == blobscan.KindAccount {
		return true
	}
	first, n := "", 0
	for s := range scanned {
		if n > 0 && s.Container != first {
			return true
		}
		first, n = s.Container, n+1
	}
	return false
}

// contentOf classifies what the scan read of a file.
func contentOf(s blobscan.Scanned) Content {
	switch {
	case s.Header != nil:
		return Native
	case s.NotBackup || errors.Is(s.HeaderErr, bakhdr.ErrNotBackup):
		return NotNative
	case errors.Is(s.HeaderErr, bakhdr.ErrTruncated):
		return Truncated
	case errors.Is(s.HeaderErr, bakhdr.ErrUndecoded):
		return Undecoded
	case s.HeaderErr != nil:
		return Damaged
	}
	return Unread
}
