//go:build !linux

package main

import "time"

// cpuClock falls back to getrusage (see cpuclock_linux.go).
func cpuClock() time.Duration { return cpuTime() }
