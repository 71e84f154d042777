//go:build windows

package fix

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"

	"github.com/baklint/baklint/errclass"
)

// lockFile takes an exclusive lock (LockFileEx) so two applies of one plan
// cannot interleave their journals. Windows releases it when the process
// dies, so a killed run never leaves a stale lock.
func lockFile(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, errclass.Errorf(errclass.BadInput, "open lock %s: %w (the plan's folder must be writable)", path, err)
	}
	h := windows.Handle(f.Fd())
	ol := new(windows.Overlapped)
	// One byte at offset 0 is the lock: the file itself stays empty.
	if err := windows.LockFileEx(h, windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol); err != nil {
		f.Close()
		if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
			return nil, errclass.Errorf(errclass.BadInput, "another baklint fix --apply is running this plan (lock %s is held): wait for it to finish", path)
		}
		return nil, errclass.Errorf(errclass.BadInput, "lock %s: %w", path, err)
	}
	return func() {
		_ = windows.UnlockFileEx(h, 0, 1, 0, ol)
		f.Close()
	}, nil
}
