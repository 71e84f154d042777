//go:build !unix

package main

import (
	"os"
	"time"
)

// cpuTime and childUsage: the bench measures CPU and memory through
// getrusage, which only Unix has; elsewhere those columns read 0 (the
// bench targets a Linux machine).
func cpuTime() time.Duration { return 0 }

func childUsage(*os.ProcessState) (cpu time.Duration, rss int64) { return 0, 0 }
