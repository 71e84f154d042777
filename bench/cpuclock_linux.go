package main

import (
	"time"

	"golang.org/x/sys/unix"
)

// cpuClock is the CPU this process has used, to the nanosecond (all its
// threads, the garbage collector's too). getrusage's user and system split
// is sampled at the scheduler tick, too coarse for millisecond rounds.
func cpuClock() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_PROCESS_CPUTIME_ID, &ts); err != nil {
		return cpuTime()
	}
	return time.Duration(ts.Nano())
}
