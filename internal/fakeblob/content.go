package fakeblob

import (
	"sync"

	"github.com/baklint/baklint/bakhdr"
	"github.com/baklint/baklint/bakhdr/bakhdrtest"
)

// contents synthesizes backup bytes that bakhdr.Decode reads back, one file
// per leaf folder: every file of a folder has the same header (its
// database and the backup type of its subfolder), which is all a header
// read needs, and it bounds memory to Leaves × Size for the folders read.
type contents struct {
	ns Namespace
	mu sync.Mutex
	m  map[int][]byte // by leaf folder
}

func (c *contents) bytes(b Blob) []byte {
	leaf := b.Index / c.ns.PerFolder
	c.mu.Lock()
	defer c.mu.Unlock()
	if data, ok := c.m[leaf]; ok {
		return data
	}
	h := Header(c.ns, b)
	var data []byte
	if c.ns.Size >= bakhdrtest.MinSize(h) {
		data = bakhdrtest.Synthesize(h, c.ns.Size)
	} else {
		data = make([]byte, c.ns.Size) // too small to be a backup: reads as unreadable
	}
	if c.m == nil {
		c.m = map[int][]byte{}
	}
	c.m[leaf] = data
	return data
}

// Header is the header the bytes of blob b decode to, when Size is at least
// bakhdrtest.MinSize of it.
func Header(ns Namespace, b Blob) bakhdr.Header {
	return bakhdrtest.Complete(bakhdr.Header{
		DatabaseName: ns.Database(b.Folder),
		BackupType:   BackupType(b.Sub),
		HasChecksums: true,
	})
}
