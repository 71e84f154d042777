// Package iocount counts the bytes read through an HTTP body, for the test
// double (azfaithful) and the benchmarks that measure what crosses the wire.
package iocount

import (
	"io"
	"sync/atomic"
)

// Body adds to N every byte read through the ReadCloser it wraps.
type Body struct {
	io.ReadCloser
	N *atomic.Int64
}

func (b *Body) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.N.Add(int64(n))
	return n, err
}
