package blobscan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/baklint/baklint/errclass"
)

// Local is a local folder playing the role of a container root: the
// pre-upload check of SPEC §2. Paths are relative to Root with '/'.
type Local struct {
	// Root is the folder, absolute and cleaned.
	Root string
	// Concurrency bounds how many subfolders are read at once.
	Concurrency int
}

// NewLocal checks that dir is a readable folder. Errors wrap ErrBadInput and
// name the path: a missing or wrong-kind SOURCE is the user's to fix.
func NewLocal(dir string) (*Local, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, errclass.Errorf(errclass.BadInput, "local folder %s: %w", dir, err)
	}
	fi, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, errclass.Errorf(errclass.BadInput, "local folder %s does not exist: check the path", abs)
	case err != nil:
		return nil, errclass.Errorf(errclass.BadInput, "local folder %s cannot be read: %w", abs, unwrapPathErr(err))
	case !fi.IsDir():
		return nil, errclass.Errorf(errclass.BadInput, "%s is a file, not a folder: give the folder that holds the backups", abs)
	}
	f, err := os.Open(abs)
	if err == nil {
		_, err = f.ReadDir(1)
		f.Close()
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, errclass.Errorf(errclass.BadInput, "local folder %s cannot be read: %w: check its permissions", abs, unwrapPathErr(err))
	}
	return &Local{Root: abs, Concurrency: DefaultConcurrency}, nil
}

func (l *Local) Location() string  { return l.Root }
func (l *Local) Container() string { return "" }

// List walks the folder tree concurrently. Symbolic links to files are
// followed; links to folders are not, so a link cycle cannot loop.
func (l *Local) List(ctx context.Context, prefix string, fn func(Object) error, onErr func(path string, err error)) error {
	if onErr == nil {
		onErr = func(string, error) {}
	}
	// fnMu serialises fn; fnErr keeps a failed fn from being called again
	// by another folder's worker before the walk's context is cancelled.
	var (
		fnMu  sync.Mutex
		fnErr error
	)
	// Start at the deepest folder the prefix names.
	start := ""
	if i := strings.LastIndex(prefix, "/"); i >= 0 {
		start = prefix[:i+1]
	}
	return Walk(ctx, l.Concurrency, start, func(ctx context.Context, folder string, push func(string)) error {
		entries, err := os.ReadDir(l.abs(folder))
		if err != nil {
			if folder == start && errors.Is(err, fs.ErrNotExist) {
				return nil // a prefix that names nothing lists nothing
			}
			onErr(folder, fmt.Errorf("read folder %s: %w", filepath.Join(l.Root, filepath.FromSlash(folder)), unwrapPathErr(err)))
			return nil
		}
		for _, e := range entries {
			if err := ctx.Err(); err != nil {
				return err
			}
			rel := folder + e.Name()
			if e.IsDir() {
				sub := rel + "/"
				if strings.HasPrefix(sub, prefix) || strings.HasPrefix(prefix, sub) {
					push(sub)
				}
				continue
			}
			if !strings.HasPrefix(rel, prefix) {
				continue
			}
			fi, err := os.Stat(l.abs(rel)) // follows links, unlike e.Info
			if err != nil {
				onErr(rel, fmt.Errorf("stat %s: %w", l.abs(rel), unwrapPathErr(err)))
				continue
			}
			if !fi.Mode().IsRegular() {
				continue // folder links, sockets, devices
			}
			fnMu.Lock()
			if fnErr == nil {
				fnErr = fn(localObject(rel, fi))
			}
			err = fnErr
			fnMu.Unlock()
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// ReadRange reads length bytes at offset; fewer, or none, past the end.
func (l *Local) ReadRange(ctx context.Context, path string, offset, length int64) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p, err := l.resolve(path)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, l.fileErr(path, err)
	}
	defer f.Close()
	if offset < 0 || length < 0 {
		return nil, errclass.Errorf(errclass.BadInput, "read %s: negative range %d+%d", p, offset, length)
	}
	buf := make([]byte, length)
	n, err := f.ReadAt(buf, offset)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, errclass.Errorf(errclass.Storage, "read %s at %d: %w", p, offset, unwrapPathErr(err))
	}
	return buf[:n], nil
}

func (l *Local) Properties(ctx context.Context, path string) (Object, error) {
	if err := ctx.Err(); err != nil {
		return Object{}, err
	}
	p, err := l.resolve(path)
	if err != nil {
		return Object{}, err
	}
	fi, err := os.Stat(p)
	if err != nil {
		return Object{}, l.fileErr(path, err)
	}
	if !fi.Mode().IsRegular() {
		return Object{}, errclass.Errorf(errclass.NotFound, "%s is not a regular file", p)
	}
	return localObject(path, fi), nil
}

func localObject(rel string, fi fs.FileInfo) Object {
	return Object{
		Path:         rel,
		Size:         fi.Size(),
		ETag:         LocalETag(fi),
		LastModified: fi.ModTime().UTC(),
	}
}

// LocalETag stands in for a blob ETag: it changes when a file is rewritten,
// which is what the fixer's "source changed since planning" check needs.
func LocalETag(fi fs.FileInfo) string {
	return fmt.Sprintf(`"%x-%x"`, fi.Size(), fi.ModTime().UnixNano())
}

func (l *Local) abs(rel string) string {
	return filepath.Join(l.Root, filepath.FromSlash(rel))
}

// resolve maps a '/' path to a file under Root, refusing anything that could
// step outside it (the fixer passes paths that came from a plan file).
func (l *Local) resolve(rel string) (string, error) {
	p, err := filepath.Localize(rel)
	if err != nil || rel == "" {
		return "", errclass.Errorf(errclass.BadInput, "%q is not a relative path inside %s", rel, l.Root)
	}
	return filepath.Join(l.Root, p), nil
}

func (l *Local) fileErr(rel string, err error) error {
	p := l.abs(rel)
	if errors.Is(err, fs.ErrNotExist) {
		return errclass.Errorf(errclass.NotFound, "%s does not exist", p)
	}
	return errclass.Errorf(errclass.Storage, "%s: %w", p, unwrapPathErr(err))
}

// unwrapPathErr drops the *PathError wrapper, whose text repeats the path
// the caller's message already names.
func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
