//go:build unix

package fix

import (
	"fmt"
	"os"
	"syscall"

	"github.com/baklint/baklint/blobscan"
)

// lockFile takes an exclusive lock so two applies of one plan cannot
// interleave their journals. The kernel drops it when the process dies, so
// a killed run never leaves a stale lock.
func lockFile(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("%w: open lock %s: %v (the plan's folder must be writable)", blobscan.ErrBadInput, path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("%w: another baklint fix --apply is running this plan (lock %s is held): wait for it to finish", blobscan.ErrBadInput, path)
	}
	return func() { f.Close() }, nil
}
