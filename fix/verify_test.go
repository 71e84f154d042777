package fix

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/internal/azfaithful"
	"github.com/baklint/baklint/internal/azurite"
	"github.com/baklint/baklint/internal/testutil"
	"github.com/baklint/baklint/layout"
)

// SPEC §8.3 and §8.6 as tests that fail when the checks are removed: a copy
// that does not hold the source's bytes is never counted, and a source
// rewritten while it is copied is skipped, whatever the path the bytes take.

// twoBackups is two 5 MiB backups (more than one 4 MiB range each), in two
// databases.
func twoBackups(seed uint64) map[string][]byte {
	r := rand.New(rand.NewPCG(seed, 3))
	out := map[string][]byte{}
	for i := range 2 {
		b := make([]byte, 5<<20)
		for j := range b {
			b[j] = byte(r.Uint32())
		}
		out[fmt.Sprintf("SRV$I/db%d/FULL/db%d_FULL.bak", i, i)] = b
	}
	return out
}

func writeLocal(t *testing.T, dir string, data map[string][]byte) *blobscan.Local {
	t.Helper()
	testutil.WriteTree(t, dir, data)
	return newLocal(t, dir)
}

// dbInventory attributes SRV$I/dbN/... to dbN.
func dbInventory(t *testing.T, r blobscan.Reader) *layout.Inventory {
	t.Helper()
	inv := folderInventory(t, r)
	for i := range inv.Files {
		inv.Files[i].Database = strings.Split(inv.Files[i].Path, "/")[1]
	}
	return inv
}

// other is different content of the same size.
func other(b []byte) []byte {
	o := make([]byte, len(b))
	for i := range b {
		o[i] = ^b[i]
	}
	return o
}

// tamperingWriter alters what Copy wrote before the fixer checks it: what
// a faulty disk, a proxy, a bug or another writer could do.
type tamperingWriter struct {
	blobscan.Writer
	tamper func(to string)
}

func (w tamperingWriter) Copy(ctx context.Context, req blobscan.CopyRequest) (blobscan.CopyResult, error) {
	res, err := w.Writer.Copy(ctx, req)
	if err == nil {
		w.tamper(req.To)
	}
	return res, err
}

type setup struct {
	src    blobscan.Reader
	dst    blobscan.Writer
	target layout.Target
	local  bool
	// tamper alters the destination to, of the first move
	tamper func(to string)
}

// restamped copies server-side through the azfaithful proxy, then rewrites
// the copy's stamp (with azstore's metadata names) as edit says: the record
// of a copy that is not the one planned.
func restamped(t *testing.T, e *azurite.Emulator, data map[string][]byte, target layout.Target, edit func(*blobscan.Stamp)) setup {
	ctx := context.Background()
	p := faithful(t, e, azfaithful.Options{})
	src := azContainer(t, p.Endpoint(), seed(t, e, data).Name, nil)
	dst := azContainer(t, p.Endpoint(), e.NewContainer(t), nil)
	return setup{src: src, dst: dst, target: target, tamper: func(to string) {
		st, err := dst.Stamp(ctx, to)
		if err != nil {
			t.Fatal(err)
		}
		edit(&st)
		_, err = dst.Client.NewBlobClient(to).SetMetadata(ctx, map[string]*string{
			"baklintsourceetag": &st.SourceETag, "baklintsourcepath": ptr(url.PathEscape(st.SourcePath)), "baklintstate": &st.State,
		}, nil)
		if err != nil {
			t.Fatal(err)
		}
	}}
}

// TestApplyCountsNoCopyThatFailsItsCheck guards verify: each case leaves a
// copy that Copy reported fine but that does not hold the source.
func TestApplyCountsNoCopyThatFailsItsCheck(t *testing.T) {
	ctx := context.Background()
	data := twoBackups(1)
	e := azurite.Get(t)
	localDst := func(t *testing.T, tamper func(dir, to string)) setup {
		dir := t.TempDir()
		return setup{src: writeLocal(t, t.TempDir(), data), dst: newLocal(t, dir), target: vm2019, local: true,
			tamper: func(to string) { tamper(dir, filepath.Join(dir, filepath.FromSlash(to))) }}
	}
	azureDst := func(t *testing.T, endpoint string, src blobscan.Reader, target layout.Target) setup {
		name := e.NewContainer(t)
		return setup{src: src, dst: azContainer(t, endpoint, name, nil), target: target,
			tamper: func(to string) { e.Upload(t, name, map[string][]byte{to: other(data[firstSource(data)])}) }}
	}
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T) setup
	}{
		{"a local copy whose bytes changed after writing", func(t *testing.T) setup {
			return localDst(t, func(_, full string) {
				f, err := os.OpenFile(full, os.O_WRONLY, 0)
				if err != nil {
					t.Fatal(err)
				}
				_, _ = f.WriteAt([]byte{0xff, 0x00, 0xff}, 4096)
				f.Close()
			})
		}},
		{"a local copy cut short", func(t *testing.T) setup {
			return localDst(t, func(_, full string) { _ = os.Truncate(full, 4<<20) })
		}},
		{"a local copy with bytes added", func(t *testing.T) setup {
			return localDst(t, func(_, full string) {
				f, err := os.OpenFile(full, os.O_WRONLY|os.O_APPEND, 0)
				if err != nil {
					t.Fatal(err)
				}
				_, _ = f.Write(make([]byte, 512))
				f.Close()
			})
		}},
		{"an uploaded blob replaced by other bytes", func(t *testing.T) setup {
			return azureDst(t, e.BlobEndpoint, writeLocal(t, t.TempDir(), data), vm2019)
		}},
		{"a server-side copy replaced by other bytes", func(t *testing.T) setup {
			p := faithful(t, e, azfaithful.Options{})
			return azureDst(t, p.Endpoint(), azContainer(t, p.Endpoint(), seed(t, e, data).Name, nil), vm2019)
		}},
		{"a server-side conversion never marked complete", func(t *testing.T) setup {
			return restamped(t, e, data, vm2014, func(st *blobscan.Stamp) { st.State = blobscan.StampPartial })
		}},
		{"a server-side copy of another version of the source", func(t *testing.T) setup {
			return restamped(t, e, data, vm2019, func(st *blobscan.Stamp) { st.SourceETag = `"0x8DEADBEEF"` })
		}},
		{"a server-side conversion replaced by other bytes", func(t *testing.T) setup {
			p := faithful(t, e, azfaithful.Options{})
			return azureDst(t, p.Endpoint(), azContainer(t, p.Endpoint(), seed(t, e, data).Name, nil), vm2014)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.setup(t)
			dest := Dest{Display: s.dst.Location(), Local: s.local}
			d := Plan(dbInventory(t, s.src), s.target, dest, PlanOptions{})
			if len(d.Moves) != 2 {
				t.Fatalf("%d moves", len(d.Moves))
			}
			bad := d.Moves[0]
			w := tamperingWriter{Writer: s.dst, tamper: func(to string) {
				if to == bad.To {
					s.tamper(to)
				}
			}}
			sum, err := Apply(ctx, d, s.src, w, ApplyOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Failed != 1 || sum.Moved+sum.Converted != 1 || len(sum.Problems) != 1 || sum.Problems[0].Path != bad.From {
				t.Fatalf("summary %+v: the altered copy of %s was counted", sum, bad.From)
			}
			if _, ok := etags(t, s.dst)[bad.To]; ok {
				t.Errorf("the copy that failed its check is still at %s", bad.To)
			}
		})
	}
}

func firstSource(data map[string][]byte) string {
	first := ""
	for p := range data {
		if first == "" || p < first {
			first = p
		}
	}
	return first
}

// changingReader rewrites a source file after its first range was read,
// as a backup job writing into the folder being moved would.
type changingReader struct {
	blobscan.Reader
	path    string
	once    sync.Once
	rewrite func()
}

func (r *changingReader) ReadRange(ctx context.Context, p string, off, n int64) ([]byte, error) {
	if p == r.path && off > 0 {
		r.once.Do(r.rewrite)
	}
	return r.Reader.ReadRange(ctx, p, off, n)
}

// TestApplySkipsASourceRewrittenWhileItIsCopied guards each "source changed
// while it was copied" check: the one after a streamed local copy, the one
// after a streamed upload (blocks and pages), and the source conditions of
// Put Page From URL and Copy Blob.
func TestApplySkipsASourceRewrittenWhileItIsCopied(t *testing.T) {
	ctx := context.Background()
	data := twoBackups(2)
	first := firstSource(data)
	e := azurite.Get(t)
	streamed := func(t *testing.T, dst blobscan.Writer, local bool) (blobscan.Reader, blobscan.Writer, bool) {
		dir := t.TempDir()
		src := writeLocal(t, dir, data)
		return &changingReader{Reader: src, path: first, rewrite: func() {
			if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(first)), other(data[first]), 0o644); err != nil {
				t.Error(err)
			}
		}}, dst, local
	}
	serverSide := func(t *testing.T, op string) (blobscan.Reader, blobscan.Writer, bool) {
		p := faithful(t, e, azfaithful.Options{})
		srcName := seed(t, e, data).Name
		var calls atomic.Int64
		p.SetBefore(func(o, path string) {
			// Before the second range of a conversion, or the Copy Blob.
			if o == op && strings.HasSuffix(path, "db0_FULL.bak") && (op == azfaithful.OpCopyBlob || calls.Add(1) == 2) {
				e.Upload(t, srcName, map[string][]byte{first: other(data[first])})
			}
		})
		return azContainer(t, p.Endpoint(), srcName, nil), azContainer(t, p.Endpoint(), e.NewContainer(t), nil), false
	}
	for _, tc := range []struct {
		name   string
		target layout.Target
		setup  func(t *testing.T) (blobscan.Reader, blobscan.Writer, bool)
	}{
		{"local folder to local folder", vm2019, func(t *testing.T) (blobscan.Reader, blobscan.Writer, bool) {
			return streamed(t, newLocal(t, t.TempDir()), true)
		}},
		{"local folder uploaded as block blobs", vm2019, func(t *testing.T) (blobscan.Reader, blobscan.Writer, bool) {
			return streamed(t, azContainer(t, e.BlobEndpoint, e.NewContainer(t), nil), false)
		}},
		{"local folder uploaded as page blobs", vm2014, func(t *testing.T) (blobscan.Reader, blobscan.Writer, bool) {
			return streamed(t, azContainer(t, e.BlobEndpoint, e.NewContainer(t), nil), false)
		}},
		{"server-side conversion by Put Page From URL", vm2014, func(t *testing.T) (blobscan.Reader, blobscan.Writer, bool) {
			return serverSide(t, azfaithful.OpPutPageFromURL)
		}},
		{"server-side Copy Blob", vm2019, func(t *testing.T) (blobscan.Reader, blobscan.Writer, bool) {
			return serverSide(t, azfaithful.OpCopyBlob)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, dst, local := tc.setup(t)
			d := Plan(dbInventory(t, src), tc.target, Dest{Display: dst.Location(), Local: local}, PlanOptions{})
			if len(d.Moves) != 2 || d.Moves[0].From != first {
				t.Fatalf("moves %+v", d.Moves)
			}
			s, err := Apply(ctx, d, src, dst, ApplyOptions{RangeSize: 1 << 20, RangeConcurrency: 2})
			if err != nil {
				t.Fatal(err)
			}
			if s.Skipped != 1 || s.Moved+s.Converted != 1 || len(s.Problems) != 1 || !strings.Contains(s.Problems[0].Reason, "changed") {
				t.Fatalf("summary %+v: the source rewritten mid-copy was not skipped as changed", s)
			}
			if _, ok := etags(t, dst)[d.Moves[0].To]; ok {
				t.Errorf("%s was left at the destination", d.Moves[0].To)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
