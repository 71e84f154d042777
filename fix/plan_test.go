package fix

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baklint/baklint/bakhdr"
	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/internal/testutil"
	"github.com/baklint/baklint/layout"
)

var update = flag.Bool("update", false, "rewrite golden files")

var (
	vm2014 = mustTarget("vm-2014")
	vm2019 = mustTarget("vm-2019")
	lrs    = mustTarget("lrs")
	toDest = Dest{Display: "http://127.0.0.1:10000/devstoreaccount1/flat"}
)

// file builds an inventoried block blob attributed to db.
func file(p, db string, size int64) layout.File {
	return layout.File{Path: p, Size: size, BlobType: layout.BlobTypeOf(blobscan.BlockBlob), Tier: layout.TierOf(blobscan.TierHot), ETag: "0x" + fmt.Sprint(len(p)) + "E" + fmt.Sprint(size), Database: db, AttributedBy: layout.ByHeader, Header: &bakhdr.Header{DatabaseName: db, BindingID: "binding-of-" + db, ServerName: "SQL01"}}
}

func mustTarget(name string) layout.Target {
	t, err := layout.LookupTarget(name)
	if err != nil {
		panic(err)
	}
	return t
}

func inv(files ...layout.File) *layout.Inventory {
	return &layout.Inventory{Source: "http://127.0.0.1:10000/devstoreaccount1/src", Files: files}
}

func moveMap(d *PlanDoc) map[string]Move {
	out := map[string]Move{}
	for _, m := range d.Moves {
		out[m.From] = m
	}
	return out
}

func skipReason(d *PlanDoc, p string) string {
	for _, s := range d.Skipped {
		if s.Path == p {
			return s.Reason
		}
	}
	return ""
}

func TestPlanFlattensOlaTreeIntoDatabaseFolders(t *testing.T) {
	in := inv(
		file("SQL01$INST/DB1/FULL/SQL01$INST_DB1_FULL_20240101_000000.bak", "DB1", 1024),
		file("SQL01$INST/DB1/LOG/SQL01$INST_DB1_LOG_20240101_001500.trn", "DB1", 512),
		file("SQL01$INST/DB2/FULL/SQL01$INST_DB2_FULL_20240101_000000.bak", "DB2", 2048),
	)
	tests := []struct {
		name   string
		target layout.Target
		dest   Dest
		to     map[string]string // from -> to
		toType string
	}{
		{"vm-2019 keeps block blobs at the container root", vm2019, toDest, map[string]string{
			"SQL01$INST/DB1/FULL/SQL01$INST_DB1_FULL_20240101_000000.bak": "DB1/SQL01$INST_DB1_FULL_20240101_000000.bak",
			"SQL01$INST/DB1/LOG/SQL01$INST_DB1_LOG_20240101_001500.trn":   "DB1/SQL01$INST_DB1_LOG_20240101_001500.trn",
			"SQL01$INST/DB2/FULL/SQL01$INST_DB2_FULL_20240101_000000.bak": "DB2/SQL01$INST_DB2_FULL_20240101_000000.bak",
		}, blobscan.BlockBlob},
		{"vm-2014 converts to page blobs under a prefix", vm2014, Dest{Display: "x", Prefix: "/mig/"}, map[string]string{
			"SQL01$INST/DB1/FULL/SQL01$INST_DB1_FULL_20240101_000000.bak": "mig/DB1/SQL01$INST_DB1_FULL_20240101_000000.bak",
			"SQL01$INST/DB1/LOG/SQL01$INST_DB1_LOG_20240101_001500.trn":   "mig/DB1/SQL01$INST_DB1_LOG_20240101_001500.trn",
			"SQL01$INST/DB2/FULL/SQL01$INST_DB2_FULL_20240101_000000.bak": "mig/DB2/SQL01$INST_DB2_FULL_20240101_000000.bak",
		}, blobscan.PageBlob},
		{"local destination has no blob type", vm2014, Dest{Display: "/tmp/x", Local: true}, map[string]string{
			"SQL01$INST/DB1/FULL/SQL01$INST_DB1_FULL_20240101_000000.bak": "DB1/SQL01$INST_DB1_FULL_20240101_000000.bak",
			"SQL01$INST/DB1/LOG/SQL01$INST_DB1_LOG_20240101_001500.trn":   "DB1/SQL01$INST_DB1_LOG_20240101_001500.trn",
			"SQL01$INST/DB2/FULL/SQL01$INST_DB2_FULL_20240101_000000.bak": "DB2/SQL01$INST_DB2_FULL_20240101_000000.bak",
		}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := Plan(in, tc.target, tc.dest, PlanOptions{})
			got := moveMap(d)
			if len(got) != len(tc.to) || len(d.Skipped) != 0 {
				t.Fatalf("moves %v skipped %v, want %d moves", d.Moves, d.Skipped, len(tc.to))
			}
			for from, to := range tc.to {
				m := got[from]
				if m.To != to || m.ToType != tc.toType || m.FromType != blobscan.BlockBlob || m.ETag == "" || m.Size == 0 {
					t.Errorf("%s: got %+v, want to %s as %q", from, m, to, tc.toType)
				}
				if strings.Count(strings.TrimPrefix(m.To, "mig/"), "/") != 1 {
					t.Errorf("%s: %s is not <db>/<file>", from, m.To)
				}
			}
		})
	}
}

func TestPlanSkipsWhatItMustNotMove(t *testing.T) {
	archived := file("a/DB1/x.bak", "DB1", 1024)
	archived.Tier = layout.TierOf(blobscan.TierArchive)
	unattributed := file("a/y.bak", "", 1024)
	unattributed.Header = nil
	notBackup := file("a/DB1/readme.txt", "DB1", 10)
	notBackup.Header = nil
	empty := file("a/DB1/empty.bak", "DB1", 0)
	unaligned := file("a/DB1/odd.bak", "DB1", 1000)
	other := file("c2/a/DB1/z.bak", "DB1", 1024)
	other.Container = "c2"
	d := Plan(inv(archived, unattributed, notBackup, empty, unaligned, other), vm2014, toDest, PlanOptions{})
	if len(d.Moves) != 0 {
		t.Fatalf("moves %+v, want none", d.Moves)
	}
	for p, want := range map[string]string{
		// Lint's verdicts, with their rule, message and remedy.
		"a/DB1/x.bak":      "archived-blob (error): blob is in the Archive tier and cannot be read; fix: rehydrate",
		"a/y.bak":          "unattributed-backup",
		"a/DB1/readme.txt": "not a backup file",
		"a/DB1/empty.bak":  "empty-backup",
		"a/DB1/odd.bak":    "page-blob-unaligned",
		"c2/a/DB1/z.bak":   "one container at a time",
	} {
		if r := skipReason(d, p); !strings.Contains(r, want) {
			t.Errorf("%s: reason %q, want it to contain %q", p, r, want)
		}
	}
	// An unaligned size is fine where no page blob is needed.
	if d := Plan(inv(unaligned), vm2019, toDest, PlanOptions{}); len(d.Moves) != 1 {
		t.Errorf("vm-2019: unaligned file not moved: %+v", d.Skipped)
	}
}

func TestPlanMapsHostileDatabaseNamesToSafeFolders(t *testing.T) {
	names := []string{"../", "..", ".", "", "a/b", `a\b`, "x\x00y", "tab\there", "nl\n", strings.Repeat("d", 129), "../../etc", "C:", "trailing.", " lead", "a..b"}
	for _, db := range names {
		t.Run(fmt.Sprintf("%q", db), func(t *testing.T) {
			f := file("SRV/"+strings.ReplaceAll(db, "/", "_")+"/FULL/x.bak", db, 512)
			f.Database = db
			if db == "" {
				f.Database = "" // empty means unattributed: skipped, not mapped
			}
			d := Plan(inv(f), vm2014, Dest{Display: "x", Prefix: "p"}, PlanOptions{})
			if db == "" {
				if len(d.Moves) != 0 {
					t.Fatalf("empty database name moved: %+v", d.Moves)
				}
				return
			}
			if len(d.Moves) != 1 {
				t.Fatalf("moves %+v skipped %+v", d.Moves, d.Skipped)
			}
			m := d.Moves[0]
			if why := ValidDestPath(m.To); why != "" {
				t.Fatalf("destination %q: %s", m.To, why)
			}
			if !strings.HasPrefix(m.To, "p/_unsafe_") || strings.Count(m.To, "/") != 2 || m.Folder == "" {
				t.Errorf("destination %q folder %q: want p/_unsafe_<hash>/x.bak", m.To, m.Folder)
			}
			// Deterministic: the same name gives the same folder.
			if again := Plan(inv(f), vm2014, Dest{Display: "x", Prefix: "p"}, PlanOptions{}); again.Moves[0].To != m.To {
				t.Errorf("not deterministic: %s then %s", m.To, again.Moves[0].To)
			}
		})
	}
	for _, ok := range []string{"DB1", "Sales-EU", "数据库", "my db"} {
		if got := layout.SafeName(ok, false); got != ok {
			t.Errorf("SafeFolder(%q) = %q, want it unchanged", ok, got)
		}
	}
}

func TestSafeFileNameNeverLeavesTheFolder(t *testing.T) {
	for _, name := range []string{"..", ".", "", "a\\..\\b.bak", "x\x1b[2J.bak", "a:b.bak", "end.", " sp.bak", strings.Repeat("n", 300) + ".bak", "\xff.bak", "ok.bak"} {
		got := SafeFileName(name)
		if !layout.SafeSegment(got) || len(got) > maxFileName {
			t.Errorf("SafeFileName(%q) = %q, not a safe segment", name, got)
		}
	}
	if got := SafeFileName("ok.bak"); got != "ok.bak" {
		t.Errorf("a safe name changed: %q", got)
	}
	if got := SafeFileName("a:b.bak"); got != "a%3Ab.bak" {
		t.Errorf("SafeFileName(a:b.bak) = %q, want a%%3Ab.bak", got)
	}
}

func TestPlanRewritesReservedWordForLRS(t *testing.T) {
	d := Plan(inv(file("x/BackupDB/FULL/a.bak", "BackupDB", 512)), lrs, Dest{Display: "x", Prefix: "Backups"}, PlanOptions{})
	if len(d.Moves) != 1 || d.Moves[0].To != "Backups/bkupDB/a.bak" {
		t.Fatalf("moves %+v", d.Moves)
	}
	if w := strings.Join(d.Warnings, "\n"); len(d.Warnings) != 2 || !strings.Contains(w, "reserved word") || !strings.Contains(w, "2 levels below") {
		t.Errorf("warnings %v, want one about the reserved word in the prefix and one about its depth", d.Warnings)
	}
	if d := Plan(inv(file("x/BackupDB/FULL/a.bak", "BackupDB", 512)), vm2019, toDest, PlanOptions{}); d.Moves[0].To != "BackupDB/a.bak" {
		t.Errorf("vm-2019 renamed the folder: %s", d.Moves[0].To)
	}
}

func TestPlanSkipsBothSidesOfAConflictUnlessIdentical(t *testing.T) {
	a := file("s1/DB1/FULL/x.bak", "DB1", 1024)
	b := file("s2/DB1/FULL/x.bak", "DB1", 1024)
	c := file("s3/DB1/FULL/x.bak", "DB1", 2048)
	same := map[string][]byte{a.Path: []byte("md5-A"), b.Path: []byte("md5-A"), c.Path: []byte("md5-A")}
	differ := map[string][]byte{a.Path: []byte("md5-A"), b.Path: []byte("md5-B")}
	tests := []struct {
		name      string
		files     []layout.File
		contents  map[string][]byte
		moves     int
		skipped   int
		duplicate int
	}{
		{"unknown content is a conflict", []layout.File{a, b}, nil, 0, 2, 0},
		{"different hashes are a conflict", []layout.File{a, b}, differ, 0, 2, 0},
		{"different sizes are a conflict whatever the hash", []layout.File{a, c}, same, 0, 2, 0},
		{"identical content moves once", []layout.File{a, b}, same, 1, 0, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := Plan(inv(tc.files...), vm2014, toDest, PlanOptions{ContentHash: func(p string) []byte { return tc.contents[p] }})
			if len(d.Moves) != tc.moves || len(d.Skipped) != tc.skipped || len(d.InPlace) != tc.duplicate {
				t.Fatalf("moves %+v skipped %+v in place %+v", d.Moves, d.Skipped, d.InPlace)
			}
			for _, s := range d.Skipped {
				if !strings.Contains(s.Reason, "conflict") || !strings.Contains(s.Reason, "DB1/x.bak") {
					t.Errorf("reason %q does not explain the conflict", s.Reason)
				}
			}
		})
	}
}

func TestPlanSkipsDatabasesThatShareAFolder(t *testing.T) {
	// "Backup1" and "bkup1" differ but both become folder "bkup1" for LRS.
	d := Plan(inv(file("a/Backup1/x.bak", "Backup1", 512), file("a/bkup1/y.bak", "bkup1", 512)), lrs, toDest, PlanOptions{})
	if len(d.Moves) != 0 || len(d.Skipped) != 2 || !strings.Contains(d.Skipped[0].Reason, `"Backup1", "bkup1"`) {
		t.Fatalf("moves %+v skipped %+v", d.Moves, d.Skipped)
	}
}

func TestPlanLeavesCompliantFilesInPlaceInTheSameContainer(t *testing.T) {
	flat := file("DB1/x.bak", "DB1", 1024)
	nested := file("SRV/DB1/FULL/y.bak", "DB1", 1024)
	blocker := file("DB2/y2.bak", "DB1", 1024) // attributed to DB1 but sitting in DB2/
	squatter := file("DB2/z.bak", "DB9", 512)  // sits where DB2's z.bak must go
	z := file("SRV/DB2/FULL/z.bak", "DB2", 512)
	same := Dest{Display: "src", SameContainer: true}

	d := Plan(inv(flat, nested, blocker, squatter, z), vm2019, same, PlanOptions{})
	if len(d.InPlace) != 1 || d.InPlace[0].Path != "DB1/x.bak" {
		t.Errorf("in place %+v, want DB1/x.bak", d.InPlace)
	}
	got := moveMap(d)
	if got["SRV/DB1/FULL/y.bak"].To != "DB1/y.bak" || got["DB2/y2.bak"].To != "DB1/y2.bak" || got["DB2/z.bak"].To != "DB9/z.bak" {
		t.Errorf("moves %+v", d.Moves)
	}
	if r := skipReason(d, "SRV/DB2/FULL/z.bak"); !strings.Contains(r, "taken by another file") {
		t.Errorf("z.bak: reason %q, want the occupied destination", r)
	}
	// In place but the wrong blob type: cannot be converted in place.
	d = Plan(inv(flat), vm2014, same, PlanOptions{})
	if len(d.Moves) != 0 || !strings.Contains(skipReason(d, "DB1/x.bak"), "cannot be converted in place") {
		t.Errorf("moves %+v skipped %+v", d.Moves, d.Skipped)
	}
}

func goldenInventory() *layout.Inventory {
	odd := file("SQL01/DB2/LOG/odd.trn", "DB2", 1000)
	unattr := file("stray/mystery.bak", "", 4096)
	unattr.Header = nil
	return inv(
		file("SQL01/DB1/FULL/DB1_FULL_1.bak", "DB1", 10<<20),
		file("SQL01/DB1/LOG/DB1_LOG_1.trn", "DB1", 1<<20),
		file("SQL01/DB2/FULL/DB2_FULL_1.bak", "DB2", 3<<20),
		odd, unattr,
		file("SQL01/evil/FULL/e.bak", "../\x1b[2J", 512),
	)
}

func TestPlanMatchesGoldenJSON(t *testing.T) {
	d := Plan(goldenInventory(), vm2014, Dest{Display: "http://127.0.0.1:10000/devstoreaccount1/flat", Prefix: "mig"}, PlanOptions{DeleteSource: true})
	var js bytes.Buffer
	if err := WritePlan(&js, d); err != nil {
		t.Fatal(err)
	}
	// report's plan text golden renders this file.
	golden(t, "plan.json", js.Bytes())
	// The JSON reads back as the same plan.
	back, err := ParsePlan(js.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Moves) != len(d.Moves) || back.PlanSHA256 != d.PlanSHA256 {
		t.Errorf("round trip changed the plan")
	}
	var raw map[string]any
	if err := json.Unmarshal(js.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"schema_version", "source", "dest", "target", "moves", "skipped", "delete_source"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("plan JSON lacks %q", k)
		}
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	testutil.Golden(t, filepath.Join("testdata", name), got, *update, "go test ./fix -run Golden -update")
}

func TestParsePlanRefusesBadPlans(t *testing.T) {
	d := Plan(goldenInventory(), vm2014, toDest, PlanOptions{})
	var good bytes.Buffer
	if err := WritePlan(&good, d); err != nil {
		t.Fatal(err)
	}
	edit := func(from, to string) []byte {
		if !bytes.Contains(good.Bytes(), []byte(from)) {
			t.Fatalf("fixture lacks %q", from)
		}
		return bytes.Replace(good.Bytes(), []byte(from), []byte(to), 1)
	}
	resealed := func(mut func(*PlanDoc)) []byte {
		c, _ := ParsePlan(good.Bytes())
		mut(c)
		var b bytes.Buffer
		_ = WritePlan(&b, c)
		return b.Bytes()
	}
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"not JSON", []byte("moves: everything"), "not JSON"},
		{"no schema version", []byte(`{"moves":[]}`), "no schema_version"},
		{"schema version 2", edit(`"schema_version": 1`, `"schema_version": 2`), "schema_version 2"},
		{"edited source ETag", edit(`"etag": "0x`, `"etag": "0y`), "edited after planning"},
		{"no checksum", resealedNoSum(t, good.Bytes()), "no plan_sha256"},
		{"destination escaping the prefix", resealed(func(p *PlanDoc) { p.Moves[0].To = "../x.bak" }), `".." segment`},
		{"absolute destination", resealed(func(p *PlanDoc) { p.Moves[0].To = "/etc/x" }), "absolute"},
		{"two moves to one name", resealed(func(p *PlanDoc) { p.Moves[1].To = p.Moves[0].To }), "two moves"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParsePlan(tc.in)
			if err == nil || !IsBadInput(err) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want ErrBadInput containing %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
		})
	}
	if _, err := ParsePlan(good.Bytes()); err != nil {
		t.Errorf("the untouched plan is refused: %v", err)
	}
}

func resealedNoSum(t *testing.T, good []byte) []byte {
	var m map[string]any
	if err := json.Unmarshal(good, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "plan_sha256")
	b, _ := json.Marshal(m)
	return b
}

func BenchmarkPlan(b *testing.B) {
	const n = 100_000
	files := make([]layout.File, n)
	for i := range files {
		db := fmt.Sprintf("DB%04d", i%1000)
		files[i] = file(fmt.Sprintf("SRV$INST/%s/FULL/SRV$INST_%s_FULL_%08d.bak", db, db, i), db, int64(512*(i%4096+1)))
	}
	in := inv(files...)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		d := Plan(in, vm2014, toDest, PlanOptions{})
		if len(d.Moves) != n {
			b.Fatalf("%d moves", len(d.Moves))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/file")
}

func TestPlanGivesTwoDatabasesSharingANameAFolderEach(t *testing.T) {
	a, b := file("SQL01/DB1/FULL/x.bak", "DB1", 1024), file("SQL02/DB1/FULL/x.bak", "DB1", 1024)
	a.Header = &bakhdr.Header{DatabaseName: "DB1", ServerName: "SQL01", BindingID: "11111111-0000-4000-8000-000000000000"}
	b.Header = &bakhdr.Header{DatabaseName: "DB1", ServerName: "SQL02", BindingID: "22222222-0000-4000-8000-000000000000"}
	d := Plan(inv(a, b), vm2019, toDest, PlanOptions{})
	m := moveMap(d)
	if m[a.Path].To != "DB1-SQL01/x.bak" || m[b.Path].To != "DB1-SQL02/x.bak" || len(d.Skipped) != 0 {
		t.Errorf("moves %+v, skipped %+v; want one folder per database", d.Moves, d.Skipped)
	}
	for _, mv := range d.Moves {
		if !strings.Contains(mv.FolderReason, "2 different databases") {
			t.Errorf("%s: reason %q", mv.From, mv.FolderReason)
		}
	}
}

func TestPlanLeavesBackupsFromBeforeAnInPlaceRestore(t *testing.T) {
	mk := func(p, binding, start string) layout.File {
		f := file(p, "DB1", 1024)
		f.Header = &bakhdr.Header{DatabaseName: "DB1", ServerName: "SQL01", BindingID: binding, FamilyGUID: "family", BackupStart: start, BackupType: "full",
			FirstLSN: "1000", LastLSN: "2000", CheckpointLSN: "1000"}
		return f
	}
	old, cur := mk("DB1/old.bak", "11111111-0000-4000-8000-000000000000", "2024-01-01T00:00:00"), mk("DB1/new.bak", "22222222-0000-4000-8000-000000000000", "2024-02-01T00:00:00")
	d := Plan(inv(old, cur), vm2019, toDest, PlanOptions{})
	if r := skipReason(d, "DB1/old.bak"); !strings.Contains(r, "restored in place") {
		t.Errorf("old.bak: reason %q, want it left as from before the restore", r)
	}
	if _, ok := moveMap(d)["DB1/new.bak"]; !ok {
		t.Errorf("new.bak not moved: %+v", d.Skipped)
	}
}
