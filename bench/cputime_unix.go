//go:build unix

package main

import (
	"os"
	"syscall"
	"time"
)

// cpuTime is the user + system CPU this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return rusageCPU(&ru)
}

// childUsage is the user + system CPU and the peak resident set, in bytes,
// of a finished child process.
func childUsage(ps *os.ProcessState) (cpu time.Duration, rss int64) {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, 0
	}
	return rusageCPU(ru), int64(ru.Maxrss) << 10 // Maxrss is in KiB
}

func rusageCPU(ru *syscall.Rusage) time.Duration {
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
