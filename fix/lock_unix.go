//go:build unix

package fix

import (
	"os"
	"syscall"

	"github.com/baklint/baklint/errclass"
)

// lockFile takes an exclusive lock so two applies of one plan cannot
// interleave their journals. The kernel drops it when the process dies, so
// a killed run never leaves a held lock; the release removes the file, so
// a finished run leaves no .lock behind either.
func lockFile(path string) (func(), error) {
	// Removing a lock file while another process has it open but not yet
	// locked lets that process lock an inode nobody else can reach, and a
	// third run create and lock a fresh file: two holders. So after taking
	// the lock, check that the path still names the locked inode, and try
	// again on the new file if a releasing run unlinked it in between.
	for range 3 {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
		if err != nil {
			return nil, errclass.Errorf(errclass.BadInput, "open lock %s: %w (the plan's folder must be writable)", path, err)
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			f.Close()
			return nil, errclass.Errorf(errclass.BadInput, "another baklint fix --apply is running this plan (lock %s is held): wait for it to finish", path)
		}
		held, err1 := f.Stat()
		named, err2 := os.Stat(path)
		if err1 == nil && err2 == nil && os.SameFile(held, named) {
			return func() {
				// Unlink while still holding the lock, then release it.
				os.Remove(path)
				f.Close()
			}, nil
		}
		f.Close()
	}
	return nil, errclass.Errorf(errclass.BadInput, "lock %s keeps being replaced: another baklint fix --apply is starting or ending on this plan; run again", path)
}
