package blobscan

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"

	"github.com/baklint/baklint/errclass"
)

var _ Writer = (*Local)(nil)

// Ready checks the folder is still there.
func (l *Local) Ready(ctx context.Context) error {
	fi, err := os.Stat(l.Root)
	if err != nil || !fi.IsDir() {
		return errclass.Errorf(errclass.NotFound, "local folder %s does not exist: create it first", l.Root)
	}
	return nil
}

// CheckWrite creates and removes a file in the folder.
func (l *Local) CheckWrite(ctx context.Context) error {
	f, err := os.CreateTemp(l.Root, ".baklint-preflight-*")
	if err != nil {
		return errclass.Errorf(errclass.Auth, "cannot create files in %s: %w: give this user write access to the folder", l.Root, unwrapPathErr(err))
	}
	f.Close()
	return os.Remove(f.Name())
}

// partialName is where Copy writes before the file appears under its name.
// It is derived from the name, not random, so a resumed run finds and
// removes what a killed one left.
func partialName(p string) string {
	return path.Join(path.Dir(p), ".baklint-"+path.Base(p)+".partial")
}

// Copy streams the source into a temporary file beside the destination,
// syncs it, and links it into place: link(2) fails when the name exists, so
// a file is never replaced and never seen half-written. Every file
// operation goes through os.Root, which refuses to follow a path (or a
// symbolic link planted in the destination) out of the folder.
func (l *Local) Copy(ctx context.Context, req CopyRequest) (CopyResult, error) {
	if _, err := l.resolve(req.To); err != nil {
		return CopyResult{}, err
	}
	root, err := os.OpenRoot(l.Root)
	if err != nil {
		return CopyResult{}, errclass.Errorf(errclass.Storage, "open %s: %w", l.Root, unwrapPathErr(err))
	}
	defer root.Close()
	if _, err := root.Lstat(req.To); err == nil {
		return CopyResult{}, fmt.Errorf("%w: %s", ErrExists, l.abs(req.To))
	}
	if dir := path.Dir(req.To); dir != "." {
		if err := root.MkdirAll(dir, 0o755); err != nil {
			return CopyResult{}, errclass.Errorf(errclass.Storage, "create folder %s: %w", l.abs(dir), unwrapPathErr(err))
		}
	}
	tmp := partialName(req.To)
	// O_EXCL: a second copy to the same name (another process) must not
	// write into, or remove, the first one's file. What a killed copy left
	// is removed by Abandon first.
	f, err := root.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return CopyResult{}, fmt.Errorf("%w: %s (another copy to it is under way)", ErrExists, l.abs(req.To))
	}
	if err != nil {
		return CopyResult{}, errclass.Errorf(errclass.Storage, "create %s: %w", l.abs(tmp), unwrapPathErr(err))
	}
	done := false
	defer func() {
		if !done {
			f.Close()
			_ = root.Remove(tmp)
		}
	}()
	h := NewHash()
	err = ReadChunksIn(ctx, req.Budget, req.From, req.FromPath, req.Size, req.RangeSize, func(off int64, b []byte, done func()) error {
		defer done()
		h.Write(b)
		if _, err := f.WriteAt(b, off); err != nil {
			return errclass.Errorf(errclass.Storage, "write %s: %w", l.abs(tmp), unwrapPathErr(err))
		}
		return nil
	})
	if err != nil {
		return CopyResult{}, err
	}
	if err := f.Sync(); err != nil {
		return CopyResult{}, errclass.Errorf(errclass.Storage, "sync %s: %w", l.abs(tmp), unwrapPathErr(err))
	}
	if err := f.Close(); err != nil {
		return CopyResult{}, errclass.Errorf(errclass.Storage, "close %s: %w", l.abs(tmp), unwrapPathErr(err))
	}
	done = true
	defer root.Remove(tmp)
	// The source may have been rewritten while it was read: the copy would
	// then be a mix of two versions.
	if now, err := req.From.Properties(ctx, req.FromPath); err != nil {
		return CopyResult{}, err
	} else if now.ETag != req.FromETag || now.Size != req.Size {
		return CopyResult{}, fmt.Errorf("%w: source %s changed while it was copied", ErrChanged, req.FromPath)
	}
	if err := root.Link(tmp, req.To); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return CopyResult{}, fmt.Errorf("%w: %s", ErrExists, l.abs(req.To))
		}
		return CopyResult{}, errclass.Errorf(errclass.Storage, "link %s into place: %w (the folder must be on a filesystem with hard links)", l.abs(req.To), unwrapPathErr(err))
	}
	if err := root.Remove(tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return CopyResult{}, errclass.Errorf(errclass.Storage, "remove %s: %w", l.abs(tmp), unwrapPathErr(err))
	}
	syncDir(l.abs(path.Dir(req.To)))
	obj, err := l.Properties(ctx, req.To)
	if err != nil {
		return CopyResult{}, err
	}
	return CopyResult{Object: obj, Streamed: false, SHA256: h.Sum(nil)}, nil
}

// syncDir makes a link or removal durable; best effort, as some systems
// cannot sync a folder.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// Stamp: a local file has no metadata to record provenance in.
func (l *Local) Stamp(ctx context.Context, p string) (Stamp, error) {
	full, err := l.resolve(p)
	if err != nil {
		return Stamp{}, err
	}
	// Lstat, unlike Properties: a link to the source would otherwise look
	// like a perfect copy, and the source would be deleted under it.
	fi, err := os.Lstat(full)
	if err == nil && !fi.Mode().IsRegular() {
		return Stamp{Foreign: true}, nil
	}
	return Stamp{}, nil
}

// Abandon removes the temporary file of a killed Copy.
func (l *Local) Abandon(ctx context.Context, p string) error {
	if _, err := l.resolve(p); err != nil {
		return err
	}
	root, err := os.OpenRoot(l.Root)
	if err != nil {
		return errclass.Errorf(errclass.Storage, "open %s: %w", l.Root, unwrapPathErr(err))
	}
	defer root.Close()
	if err := root.Remove(partialName(p)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return errclass.Errorf(errclass.Storage, "remove %s: %w", l.abs(partialName(p)), unwrapPathErr(err))
	}
	return nil
}

// Delete removes a file while it still has the ETag the plan recorded.
func (l *Local) Delete(ctx context.Context, p, ifMatch string) error {
	obj, err := l.Properties(ctx, p)
	if err != nil {
		return err
	}
	if obj.ETag != ifMatch {
		return fmt.Errorf("%w: %s is no longer the version planned (ETag %s, planned %s); not deleted", ErrChanged, l.abs(p), obj.ETag, ifMatch)
	}
	root, err := os.OpenRoot(l.Root)
	if err != nil {
		return errclass.Errorf(errclass.Storage, "open %s: %w", l.Root, unwrapPathErr(err))
	}
	defer root.Close()
	if err := root.Remove(p); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return errclass.Errorf(errclass.NotFound, "%s", l.abs(p))
		}
		return errclass.Errorf(errclass.Storage, "delete %s: %w", l.abs(p), unwrapPathErr(err))
	}
	syncDir(l.abs(path.Dir(p)))
	return nil
}
