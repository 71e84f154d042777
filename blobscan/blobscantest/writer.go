package blobscantest

import (
	"bytes"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/baklint/baklint/blobscan"
)

// WriterStore is a fresh destination to write to and a fresh source to copy
// from, each with a way to put an object in it behind the fixer's back.
type WriterStore struct {
	Dst    blobscan.Writer
	PutDst func(path string, data []byte)
	Src    blobscan.Reader
	PutSrc func(path string, data []byte)
	// Types are the CopyRequest.ToType values the backend creates: "" for
	// a local folder, BlockBlob and PageBlob for Azure.
	Types []string
	// Stamps: the backend records provenance (Azure metadata); a local
	// folder has nowhere to and returns zero Stamps.
	Stamps bool
}

// NewWriterStore returns a fresh WriterStore.
type NewWriterStore func(t *testing.T) WriterStore

// RunWriterConformance runs the shared Writer tests.
func RunWriterConformance(t *testing.T, newStore NewWriterStore) {
	t.Run("ReadyFindsTheRoot", func(t *testing.T) { testReady(t, newStore) })
	t.Run("CopyCreatesTheSourcesBytesOfEachType", func(t *testing.T) { testCopy(t, newStore) })
	t.Run("CopyNeverReplacesAnExistingObject", func(t *testing.T) { testCopyExists(t, newStore) })
	t.Run("ConcurrentCopiesToOneNameLeaveOneWinner", func(t *testing.T) { testCopyRace(t, newStore) })
	t.Run("CopyOfAStaleSourceETagFailsChanged", func(t *testing.T) { testCopyStale(t, newStore) })
	t.Run("StampTellsOwnCopiesFromForeignObjects", func(t *testing.T) { testStamp(t, newStore) })
	t.Run("DeleteHonoursTheETag", func(t *testing.T) { testDelete(t, newStore) })
	t.Run("PageBlobsRefuseSizesNotMultiplesOf512", func(t *testing.T) { testPageSize(t, newStore) })
}

// body is n bytes that differ from page to page, so a misplaced range shows.
func body(n int, salt byte) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i/512) ^ byte(i) ^ salt
	}
	return b
}

// copyOf copies path from the source with its current ETag.
func copyOf(t *testing.T, s WriterStore, from, to, typ string) (blobscan.CopyResult, error) {
	t.Helper()
	o, err := s.Src.Properties(ctx(t), from)
	if err != nil {
		t.Fatalf("properties of source %s: %v", from, err)
	}
	return s.Dst.Copy(ctx(t), blobscan.CopyRequest{
		From: s.Src, FromPath: from, FromETag: o.ETag, Size: o.Size, To: to, ToType: typ,
		RangeSize: 64 << 10, Concurrency: 3,
	})
}

func readAll(t *testing.T, r blobscan.Reader, p string) []byte {
	t.Helper()
	o, err := r.Properties(ctx(t), p)
	if err != nil {
		t.Fatalf("properties of %s: %v", p, err)
	}
	var out []byte
	if err := blobscan.ReadChunks(ctx(t), r, p, o.Size, 1<<20, func(_ int64, b []byte) error {
		out = append(out, b...)
		return nil
	}); err != nil {
		t.Fatalf("read %s: %v", p, err)
	}
	return out
}

func exists(t *testing.T, r blobscan.Reader, p string) bool {
	t.Helper()
	_, err := r.Properties(ctx(t), p)
	if err != nil && !errors.Is(err, blobscan.ErrNotFound) {
		t.Fatalf("properties of %s: %v", p, err)
	}
	return err == nil
}

func testReady(t *testing.T, newStore NewWriterStore) {
	if err := newStore(t).Dst.Ready(ctx(t)); err != nil {
		t.Fatalf("Ready on a fresh store: %v", err)
	}
}

func testCopy(t *testing.T, newStore NewWriterStore) {
	s := newStore(t)
	data := body(300*1024, 1) // several ranges, a multiple of 512
	s.PutSrc("SRV/db/FULL/a b$.bak", data)
	for i, typ := range s.Types {
		to := fmt.Sprintf("db/copy%d.bak", i)
		res, err := copyOf(t, s, "SRV/db/FULL/a b$.bak", to, typ)
		if err != nil {
			t.Fatalf("copy as %q: %v", typ, err)
		}
		if res.Object.Size != int64(len(data)) || (typ != "" && res.Object.BlobType != typ) {
			t.Errorf("copy as %q: result %+v", typ, res.Object)
		}
		if !res.ServerSide && len(res.SHA256) == 0 {
			t.Errorf("copy as %q passed through this process but reports no hash", typ)
		}
		if got := readAll(t, s.Dst, to); !bytes.Equal(got, data) {
			t.Errorf("copy as %q does not hold the source's bytes", typ)
		}
	}
}

func testCopyExists(t *testing.T, newStore NewWriterStore) {
	s := newStore(t)
	s.PutSrc("a.bak", body(4096, 2))
	s.PutDst("db/a.bak", []byte("someone else's file"))
	for _, typ := range s.Types {
		if _, err := copyOf(t, s, "a.bak", "db/a.bak", typ); !errors.Is(err, blobscan.ErrExists) {
			t.Errorf("copy as %q onto an existing object: %v, want ErrExists", typ, err)
		}
	}
	if got := readAll(t, s.Dst, "db/a.bak"); string(got) != "someone else's file" {
		t.Errorf("the existing object was replaced: %q", got)
	}
}

func testCopyRace(t *testing.T, newStore NewWriterStore) {
	s := newStore(t)
	data := body(128*1024, 3)
	s.PutSrc("a.bak", data)
	typ := s.Types[len(s.Types)-1]
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() { _, errs[i] = copyOf(t, s, "a.bak", "db/a.bak", typ) })
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, blobscan.ErrExists):
			t.Errorf("a losing copy failed with %v, want ErrExists", err)
		}
	}
	if won != 1 {
		t.Errorf("%d copies succeeded, want exactly one", won)
	}
	if got := readAll(t, s.Dst, "db/a.bak"); !bytes.Equal(got, data) {
		t.Error("the winner's copy does not hold the source's bytes")
	}
}

func testCopyStale(t *testing.T, newStore NewWriterStore) {
	s := newStore(t)
	s.PutSrc("a.bak", body(4096, 4))
	old, err := s.Src.Properties(ctx(t), "a.bak")
	if err != nil {
		t.Fatal(err)
	}
	s.PutSrc("a.bak", body(4096, 5)) // rewritten since the plan
	for i, typ := range s.Types {
		to := fmt.Sprintf("db/a%d.bak", i)
		_, err := s.Dst.Copy(ctx(t), blobscan.CopyRequest{From: s.Src, FromPath: "a.bak", FromETag: old.ETag, Size: old.Size, To: to, ToType: typ})
		if !errors.Is(err, blobscan.ErrChanged) {
			t.Errorf("copy as %q of a stale ETag: %v, want ErrChanged", typ, err)
		}
		if exists(t, s.Dst, to) {
			t.Errorf("copy as %q of a stale ETag left %s", typ, to)
		}
	}
}

func testStamp(t *testing.T, newStore NewWriterStore) {
	s := newStore(t)
	s.PutSrc("SRV/a.bak", body(8192, 6))
	s.PutDst("db/foreign.bak", body(8192, 6))
	src, _ := s.Src.Properties(ctx(t), "SRV/a.bak")
	for i, typ := range s.Types {
		to := fmt.Sprintf("db/a%d.bak", i)
		if _, err := copyOf(t, s, "SRV/a.bak", to, typ); err != nil {
			t.Fatal(err)
		}
		st, err := s.Dst.Stamp(ctx(t), to)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case st.Foreign:
			t.Errorf("%s: own copy stamped foreign", to)
		case !s.Stamps && st != (blobscan.Stamp{}):
			t.Errorf("%s: stamp %+v from a backend without metadata", to, st)
		case s.Stamps && (st.SourceETag != src.ETag || st.SourcePath != "SRV/a.bak"):
			t.Errorf("%s: stamp %+v does not name source SRV/a.bak at %s", to, st, src.ETag)
		case s.Stamps && st.State != blobscan.StampComplete && (st.State != blobscan.StampCopying || st.CopyStatus != "success"):
			t.Errorf("%s: stamp %+v is not a finished copy", to, st)
		}
	}
	st, err := s.Dst.Stamp(ctx(t), "db/foreign.bak")
	if err != nil || st.SourceETag != "" || st.State != "" {
		t.Errorf("an object baklint did not write: stamp %+v %v, want none", st, err)
	}
}

func testDelete(t *testing.T, newStore NewWriterStore) {
	s := newStore(t)
	s.PutDst("db/a.bak", []byte("v1"))
	v1, _ := s.Dst.Properties(ctx(t), "db/a.bak")
	s.PutDst("db/a.bak", []byte("v2!"))
	if err := s.Dst.Delete(ctx(t), "db/a.bak", v1.ETag); !errors.Is(err, blobscan.ErrChanged) {
		t.Errorf("delete at a stale ETag: %v, want ErrChanged", err)
	}
	if !exists(t, s.Dst, "db/a.bak") {
		t.Fatal("deleted at a stale ETag")
	}
	v2, _ := s.Dst.Properties(ctx(t), "db/a.bak")
	if err := s.Dst.Delete(ctx(t), "db/a.bak", v2.ETag); err != nil {
		t.Fatalf("delete at the current ETag: %v", err)
	}
	if exists(t, s.Dst, "db/a.bak") {
		t.Error("still there after delete")
	}
	if err := s.Dst.Delete(ctx(t), "db/a.bak", v2.ETag); !errors.Is(err, blobscan.ErrNotFound) {
		t.Errorf("delete of a gone object: %v, want ErrNotFound", err)
	}
}

func testPageSize(t *testing.T, newStore NewWriterStore) {
	s := newStore(t)
	paged := false
	for _, typ := range s.Types {
		paged = paged || typ == blobscan.PageBlob
	}
	if !paged {
		t.Skip("the backend has no page blobs")
	}
	s.PutSrc("odd.bak", body(1000, 7))
	if _, err := copyOf(t, s, "odd.bak", "db/odd.bak", blobscan.PageBlob); !errors.Is(err, blobscan.ErrBadInput) {
		t.Errorf("a page blob of 1000 bytes: %v, want ErrBadInput", err)
	}
	if exists(t, s.Dst, "db/odd.bak") {
		t.Error("a refused page blob was created")
	}
}
