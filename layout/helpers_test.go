package layout

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/baklint/baklint/bakhdr"
	"github.com/baklint/baklint/blobscan"
)

// Test inventories are built in memory. Every default is compliant for
// every target (page blob, aligned, online, SQL Server 2012, checksummed),
// so a case only states what it breaks.

// lsn builds the decimal LSN of vlf:block:slot.
func lsn(vlf, block, slot int) string { return fmt.Sprintf("%d%010d%05d", vlf, block, slot) }

// hdr is a single-file, single-set, checksummed SQL Server 2012 header.
func hdr(db, typ, first, last string) *bakhdr.Header {
	return &bakhdr.Header{
		DatabaseName: db, ServerName: "SQL01", BackupType: typ, Version: "11.0.2100",
		HasChecksums: true, Position: 1, FirstLSN: first, LastLSN: last, CheckpointLSN: first,
		FamilyCount: 1, FamilySequence: 1, MediaSetID: "ms-" + db + "-" + typ + "-" + first,
		BackupSetGUID: "set-" + db + "-" + first,
	}
}

type fileOpt func(*File)

// bak makes a backup blob at p; without a header option it has none.
func bak(p string, opts ...fileOpt) File {
	f := File{Path: p, Size: 1 << 20, BlobType: PageBlob, Tier: TierOf(blobscan.TierHot)}
	for _, o := range opts {
		o(&f)
	}
	return f
}

func withHeader(h *bakhdr.Header) fileOpt { return func(f *File) { f.Header = h } }
func withSize(n int64) fileOpt            { return func(f *File) { f.Size = n } }
func blockBlob() fileOpt                  { return func(f *File) { f.BlobType = BlockBlob } }
func inContainer(c string) fileOpt        { return func(f *File) { f.Container = c } }
func withTier(t string) fileOpt           { return func(f *File) { f.Tier = TierOf(t) } }

// read says what reading the file showed, with the scanner's error text.
func read(c Content, e string) fileOpt { return func(f *File) { f.Content, f.Error = c, e } }
func editHeader(edit func(*bakhdr.Header)) fileOpt {
	return func(f *File) { edit(f.Header) }
}

// headed is a backup at p with a header of db (type full unless typ given).
func headed(p, db, typ, first, last string, opts ...fileOpt) File {
	return bak(p, append([]fileOpt{withHeader(hdr(db, typ, first, last))}, opts...)...)
}

// inv attributes files and wraps them in a blob inventory.
func inv(files ...File) *Inventory {
	for i := range files {
		Attribute(&files[i])
	}
	// Built, not parsed: "c" is shorter than ParseLocation accepts.
	loc := blobscan.Location{Kind: blobscan.KindContainer, Scheme: "http", Host: "127.0.0.1:10000", PathStyle: true, Account: "devstoreaccount1", Container: "c"}
	return &Inventory{Source: loc.Display(), Location: loc, Container: "c", Files: files}
}

// local is inv for a local folder (no blob types, no tiers).
func local(files ...File) *Inventory {
	for i := range files {
		files[i].BlobType, files[i].Tier = 0, 0
	}
	return localTyped(files...)
}

// localTyped is a local folder whose files keep the blob types given: what
// the rules see is the Location's kind, not only the missing types.
func localTyped(files ...File) *Inventory {
	in := inv(files...)
	in.Location, in.Container = blobscan.Location{Kind: blobscan.KindLocal, Path: "/srv/backups"}, ""
	in.Source = in.Location.Display()
	return in
}

// ruleCase is one layout for one rule: want holds the paths the rule
// reports, for the targets in only (nil: every target the rule applies to).
type ruleCase struct {
	name string
	inv  *Inventory
	want []string
	only []string
}

// testRule lints every case against EVERY target and checks that the rule
// fires exactly on want for the targets in applies (nil: all) and only,
// and is silent for all other targets.
func testRule(t *testing.T, id string, applies []string, cases []ruleCase) {
	t.Helper()
	rule, ok := LookupRule(id)
	if !ok {
		t.Fatalf("rule %s is not registered", id)
	}
	for _, tc := range cases {
		for _, target := range Targets() {
			t.Run(tc.name+"/"+target.Name, func(t *testing.T) {
				res := Lint(tc.inv, target)
				var got []string
				for _, f := range res.Findings {
					if f.Rule != id {
						continue
					}
					got = append(got, f.Path)
					if f.Message == "" || f.Remedy == "" {
						t.Errorf("finding at %q lacks a message or remedy: %+v", f.Path, f)
					}
					if f.Severity != rule.Severity {
						t.Errorf("finding at %q has severity %v, rule says %v", f.Path, f.Severity, rule.Severity)
					}
				}
				var want []string
				if (applies == nil || slices.Contains(applies, target.Name)) && (tc.only == nil || slices.Contains(tc.only, target.Name)) {
					want = tc.want
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s on target %s reported %q, want %q", id, target.Name, got, want)
				}
			})
		}
	}
}

// findingsOf returns the findings of one rule.
func findingsOf(res *Result, id string) []Finding {
	var out []Finding
	for _, f := range res.Findings {
		if f.Rule == id {
			out = append(out, f)
		}
	}
	return out
}

// onlyFinding lints in for target and returns the one finding of rule,
// failing the test when there is not exactly one.
func onlyFinding(t *testing.T, in *Inventory, target, rule string) Finding {
	t.Helper()
	fs := findingsOf(Lint(in, mustTarget(t, target)), rule)
	if len(fs) != 1 {
		t.Fatalf("got %d %s findings, want 1: %+v", len(fs), rule, fs)
	}
	return fs[0]
}

// wantIn reports each of wants that text (what a finding says, named by
// what) lacks.
func wantIn(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(text, want) {
			t.Errorf("%s %q lacks %q", what, text, want)
		}
	}
}

func mustTarget(t testing.TB, name string) Target {
	t.Helper()
	tg, err := LookupTarget(name)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

// identity gives the header a server and identity (SPEC §5).
func identity(server, binding, family string) fileOpt {
	return func(f *File) {
		f.Header.ServerName, f.Header.BindingID, f.Header.FamilyGUID = server, binding, family
	}
}
