//go:build !unix

package main

import "time"

// cpuTime: the bench measures CPU through getrusage, which only Unix has;
// elsewhere the CPU columns read 0 (the bench targets a Linux machine).
func cpuTime() time.Duration { return 0 }
