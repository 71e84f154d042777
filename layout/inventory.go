package layout

import (
	"errors"

	"github.com/baklint/baklint/bakhdr"
	"github.com/baklint/baklint/blobscan"
)

// NewInventory turns a scan into an attributed inventory. source is the
// display form of the scanned location (a SAS is stripped again here, in
// case). Files of an account-wide scan keep their container, and each
// container is a root of its own; a single-container scan records its
// container on the Inventory instead, so that paths stay relative to it.
func NewInventory(source string, local bool, scanned []blobscan.Scanned) *Inventory {
	inv := &Inventory{Source: blobscan.Redact(source), Local: local, Files: make([]File, len(scanned))}
	accountWide := isAccountWide(source, scanned)
	for i, s := range scanned {
		f := File{
			Path: s.Path, Size: s.Size, BlobType: s.BlobType, Tier: s.Tier,
			ETag: s.ETag, Header: s.Header,
		}
		if accountWide {
			f.Container = s.Container
		} else if inv.Container == "" {
			inv.Container = s.Container
		}
		if s.HeaderErr != nil {
			f.Error = oneLine(blobscan.Redact(s.HeaderErr.Error()))
		}
		f.Content = contentOf(s)
		Attribute(&f)
		inv.Files[i] = f
	}
	return inv
}

// isAccountWide: the source names an account rather than a container, or
// the scan spans several containers.
func isAccountWide(source string, scanned []blobscan.Scanned) bool {
	if loc, err := blobscan.ParseLocation(source); err == nil && loc.Kind == blobscan.KindAccount {
		return true
	}
	for _, s := range scanned {
		if s.Container != scanned[0].Container {
			return true
		}
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
	case s.HeaderErr != nil:
		return Damaged
	}
	return Unread
}
