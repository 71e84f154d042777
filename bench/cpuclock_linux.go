package main

import (
	"time"

	"golang.org/x/sys/unix"
)

// cpuClock is the CPU this process has used (all its threads, the garbage
// collector's too), from the clock with nanosecond resolution, for rounds
// of a few milliseconds.
func cpuClock() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_PROCESS_CPUTIME_ID, &ts); err != nil {
		return cpuTime()
	}
	return time.Duration(ts.Nano())
}
