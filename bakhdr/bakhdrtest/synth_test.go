package bakhdrtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/baklint/baklint/bakhdr"
)

// headerCases are the headers every round-trip test feeds through
// Synthesize: each backup type and supported version, striping, checksums
// on and off, and database names a scanner must survive.
func headerCases() []struct {
	name string
	h    bakhdr.Header
} {
	full := bakhdr.Header{
		DatabaseName: "Sales", ServerName: `SQL01\PROD`, MachineName: "SQL01",
		BackupType: bakhdr.TypeFull, Version: "13.0.5026", HasChecksums: true, Position: 1,
		FirstLSN: "38000000074200082", LastLSN: "38000000078000001", CheckpointLSN: "38000000074200082",
		DatabaseBackupLSN: "0", BackupStart: "2024-01-01T01:00:00", BackupFinish: "2024-01-01T01:00:07",
		FamilyCount: 1, FamilySequence: 1,
		MediaSetID: "cf83bad9-5e9c-4b8b-8d63-7af7de58c3c3", BackupSetGUID: "dde62f83-37e5-4d59-ae49-cdc8d4c1dcdf",
		DifferentialBaseGUID: "00000000-0000-0000-0000-000000000000", BackupSets: 1,
		BindingID: "b6a53e08-492c-4776-a87c-8b340fbf8e94", FamilyGUID: "97c3f5b6-81c5-4d04-8ef5-be81c6326edd",
	}
	with := func(f func(*bakhdr.Header)) bakhdr.Header { h := full; f(&h); return h }
	cases := []struct {
		name string
		h    bakhdr.Header
	}{
		{"full 13.0 with checksums", full},
		{"differential 10.50", with(func(h *bakhdr.Header) {
			h.BackupType, h.Version, h.HasChecksums = bakhdr.TypeDifferential, "10.50.4042", false
			h.DatabaseBackupLSN = "38000000074200082"
			h.DifferentialBaseGUID = "1b0e9401-d8eb-40e3-a8d4-57594c8795cd"
		})},
		{"log 11.0", with(func(h *bakhdr.Header) {
			h.BackupType, h.Version = bakhdr.TypeLog, "11.0.7001"
			h.FirstLSN, h.LastLSN, h.CheckpointLSN = "24000000009600001", "24000000009600001", "24000000009400001"
			h.DatabaseBackupLSN = "24000000005600037"
		})},
		{"full 12.0 stripe 1 of 2", with(func(h *bakhdr.Header) {
			h.Version, h.FamilyCount, h.FamilySequence = "12.0.2000", 2, 1
		})},
		{"full 12.0 stripe 2 of 2", with(func(h *bakhdr.Header) {
			h.Version, h.FamilyCount, h.FamilySequence = "12.0.2000", 2, 2
		})},
		{"full 15.0 whose front copy has preliminary LSNs", with(func(h *bakhdr.Header) { h.Version = "15.0.2080" })},
		{"full 16.0 without checksums", with(func(h *bakhdr.Header) { h.Version, h.HasChecksums = "16.0.1000", false })},
		{"log 16.0 at position 3", with(func(h *bakhdr.Header) {
			h.Version, h.BackupType, h.Position = "16.0.4135", bakhdr.TypeLog, 3
		})},
		{"file, partial and differential-partial types", with(func(h *bakhdr.Header) { h.BackupType = bakhdr.TypePartial })},
		{"differential partial", with(func(h *bakhdr.Header) { h.BackupType = bakhdr.TypeDifferentialPartial })},
		{"one-letter name", with(func(h *bakhdr.Header) { h.DatabaseName = "x" })},
		{"128-character name", with(func(h *bakhdr.Header) { h.DatabaseName = strings.Repeat("N", 128) })},
		{"128 non-BMP characters", with(func(h *bakhdr.Header) { h.DatabaseName = strings.Repeat("𝔇", 64) })},
		{"non-ASCII name", with(func(h *bakhdr.Header) { h.DatabaseName = "Ventes_Été_データ" })},
		{"path traversal name", with(func(h *bakhdr.Header) { h.DatabaseName = "../../etc" })},
		{"name with separators and spaces", with(func(h *bakhdr.Header) { h.DatabaseName = `a/b\c d` })},
		{"name with control characters", with(func(h *bakhdr.Header) { h.DatabaseName = "tab\tnew\nline" })},
		{"name that is a dot", with(func(h *bakhdr.Header) { h.DatabaseName = "." })},
		{"long server and machine names", with(func(h *bakhdr.Header) {
			h.ServerName = strings.Repeat("S", 15) + `\` + strings.Repeat("I", 16)
			h.MachineName = strings.Repeat("S", 15)
		})},
		{"huge LSNs", with(func(h *bakhdr.Header) {
			h.FirstLSN = FormatLSN(4294967295, 4294967295, 65535)
			h.LastLSN = FormatLSN(4294967295, 4294967295, 65535)
			h.CheckpointLSN = FormatLSN(4294967295, 4294967294, 1)
		})},
	}
	return cases
}

func TestSynthesizedFilesReadBackToTheRequestedHeader(t *testing.T) {
	for _, tc := range headerCases() {
		t.Run(tc.name, func(t *testing.T) {
			for _, size := range []int64{MinSize(tc.h), 64 << 10, 64<<10 + 123} {
				data := Synthesize(tc.h, size)
				if int64(len(data)) != size {
					t.Fatalf("size %d: got %d bytes", size, len(data))
				}
				got, err := readBack(data)
				if err != nil {
					t.Fatalf("size %d: %v", size, err)
				}
				if want := Complete(tc.h); !reflect.DeepEqual(got, want) {
					t.Errorf("size %d: read back\n%+v\nwant\n%+v", size, got, want)
				}
			}
		})
	}
}

func TestCompleteKeepsAFullySpecifiedHeader(t *testing.T) {
	for _, tc := range headerCases() {
		if got := Complete(tc.h); !reflect.DeepEqual(got, tc.h) {
			t.Errorf("%s: Complete changed\n%+v\ninto\n%+v", tc.name, tc.h, got)
		}
	}
}

func TestCompleteFillsEveryEmptyFieldAndStripesShareIdentity(t *testing.T) {
	h := Complete(bakhdr.Header{DatabaseName: "HR"})
	b, _ := json.Marshal(h)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	for k, v := range m {
		if v == "" {
			t.Errorf("field %s left empty", k)
		}
	}
	if h.MachineName != DefaultServer || h.Version != DefaultVersion || h.BackupType != bakhdr.TypeFull {
		t.Errorf("defaults: %+v", h)
	}
	s2 := Complete(bakhdr.Header{DatabaseName: "HR", FamilyCount: 2, FamilySequence: 2})
	if s2.MediaSetID != h.MediaSetID || s2.BackupSetGUID != h.BackupSetGUID {
		t.Errorf("stripe 2 identity %s/%s differs from stripe 1 %s/%s", s2.MediaSetID, s2.BackupSetGUID, h.MediaSetID, h.BackupSetGUID)
	}
	other := Complete(bakhdr.Header{DatabaseName: "Sales"})
	if other.BackupSetGUID == h.BackupSetGUID {
		t.Errorf("two databases got one backup set GUID %s", h.BackupSetGUID)
	}
}

func TestSynthesizeIsDeterministicAndHeadersDiffer(t *testing.T) {
	a := Synthesize(bakhdr.Header{DatabaseName: "A"}, 0x4000)
	if !bytes.Equal(a, Synthesize(bakhdr.Header{DatabaseName: "A"}, 0x4000)) {
		t.Fatal("two calls with one header gave different bytes")
	}
	if bytes.Equal(a, Synthesize(bakhdr.Header{DatabaseName: "B"}, 0x4000)) {
		t.Fatal("two databases gave identical bytes")
	}
}

func TestSynthesizeRefusesBadInput(t *testing.T) {
	good := bakhdr.Header{DatabaseName: "Sales"}
	cases := []struct {
		name string
		h    bakhdr.Header
		size int64
	}{
		{"size below the minimum", good, MinSize(good) - 1},
		{"unknown backup type", bakhdr.Header{DatabaseName: "x", BackupType: "snapshot"}, 1 << 16},
		{"malformed version", bakhdr.Header{DatabaseName: "x", Version: "2019"}, 1 << 16},
		{"LSN with letters", bakhdr.Header{DatabaseName: "x", FirstLSN: "12ab"}, 1 << 16},
		{"LSN block over 32 bits", bakhdr.Header{DatabaseName: "x", FirstLSN: "1999999999999999"}, 1 << 16},
		{"malformed GUID", bakhdr.Header{DatabaseName: "x", MediaSetID: "not-a-guid"}, 1 << 16},
		{"stripe sequence above count", bakhdr.Header{DatabaseName: "x", FamilyCount: 2, FamilySequence: 3}, 1 << 16},
		{"compressed", bakhdr.Header{DatabaseName: "x", Compressed: true}, 1 << 16},
		{"time with zone", bakhdr.Header{DatabaseName: "x", BackupStart: "2024-01-01T01:00:00Z"}, 1 << 16},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("no panic")
				}
			}()
			Synthesize(tc.h, tc.size)
		})
	}
}

func TestMinSizeIsSmallAndAligned(t *testing.T) {
	for _, tc := range headerCases() {
		n := MinSize(tc.h)
		if n%512 != 0 || n > 16<<10 {
			t.Errorf("%s: MinSize %d, want a multiple of 512 up to 16 KiB", tc.name, n)
		}
	}
}

func TestChainIsContiguousAndLinkedToItsFull(t *testing.T) {
	chain := Chain("Sales", 5, WithDiff(), WithChecksums(), WithVersion("15.0.2000"))
	if len(chain) != 7 {
		t.Fatalf("got %d backups, want full + diff + 5 logs", len(chain))
	}
	full, diff, logs := chain[0].Header, chain[1].Header, chain[2:]
	if full.BackupType != bakhdr.TypeFull || diff.BackupType != bakhdr.TypeDifferential {
		t.Fatalf("types %s, %s", full.BackupType, diff.BackupType)
	}
	if diff.DifferentialBaseGUID != full.BackupSetGUID || diff.DatabaseBackupLSN != full.CheckpointLSN {
		t.Errorf("diff not linked to its full: %+v", diff)
	}
	if first := logs[0].Header; mustLSN(t, first.FirstLSN).cmp(mustLSN(t, full.LastLSN)) > 0 {
		t.Errorf("first log starts at %s, after the full's last LSN %s", first.FirstLSN, full.LastLSN)
	}
	names := map[string]bool{}
	for i, b := range chain {
		if names[b.Name] {
			t.Errorf("duplicate name %s", b.Name)
		}
		names[b.Name] = true
		if i >= 2 {
			if b.Header.BackupType != bakhdr.TypeLog || !strings.HasSuffix(b.Name, ".trn") {
				t.Errorf("%s: type %s", b.Name, b.Header.BackupType)
			}
			if b.Header.DatabaseBackupLSN != full.CheckpointLSN {
				t.Errorf("%s: DatabaseBackupLSN %s, want the full's checkpoint %s", b.Name, b.Header.DatabaseBackupLSN, full.CheckpointLSN)
			}
		}
		if i >= 3 && b.Header.FirstLSN != chain[i-1].Header.LastLSN {
			t.Errorf("%s: FirstLSN %s != previous LastLSN %s", b.Name, b.Header.FirstLSN, chain[i-1].Header.LastLSN)
		}
		got, err := readBack(b.Bytes())
		if err != nil || !reflect.DeepEqual(got, b.Header) {
			t.Errorf("%s: read back %+v, %v; want %+v", b.Name, got, err, b.Header)
		}
	}
}

func TestChainOfAThousandLogsCrossesVLFsInOrder(t *testing.T) {
	chain := Chain("Big", 2500)
	for i := 2; i < len(chain); i++ {
		a, b := mustLSN(t, chain[i-1].Header.LastLSN), mustLSN(t, chain[i].Header.LastLSN)
		if a.cmp(b) >= 0 {
			t.Fatalf("log %d: LastLSN %s not after %s", i, chain[i].Header.LastLSN, chain[i-1].Header.LastLSN)
		}
	}
}

func (l lsn) cmp(o lsn) int {
	switch {
	case l.vlf != o.vlf:
		return int(int64(l.vlf) - int64(o.vlf))
	case l.block != o.block:
		return int(int64(l.block) - int64(o.block))
	default:
		return int(l.slot) - int(o.slot)
	}
}

func mustLSN(t *testing.T, s string) lsn {
	t.Helper()
	l, err := parseLSN(s)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestLSNAndGUIDRoundTrip(t *testing.T) {
	for _, l := range []lsn{{}, {0, 0, 7}, {0, 215, 1}, {19, 215, 1}, {4294967295, 4294967295, 65535}} {
		got, err := parseLSN(l.String())
		if err != nil || got != l {
			t.Errorf("%v → %q → %v, %v", l, l.String(), got, err)
		}
	}
	if s := FormatLSN(19, 215, 1); s != "19000000021500001" {
		t.Errorf("FormatLSN(19,215,1) = %s, want SQL Server's 19000000021500001", s)
	}
	g, err := parseGUID("283b90e4-57a8-4ea0-b06e-1de468ef33a3")
	if err != nil || g.String() != "283b90e4-57a8-4ea0-b06e-1de468ef33a3" || g[0] != 0xe4 {
		t.Errorf("GUID round trip: %v %v (first disk byte %#x, want 0xe4)", g, err, g[0])
	}
}

// sharedBackups is the real-sample folder, or "" when absent outside CI.
func sharedBackups(t *testing.T) string {
	dir := filepath.Join("..", "..", "..", "shared", "testdata", "backups")
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared samples missing at %s", dir)
		}
		t.Skipf("shared samples missing at %s", dir)
	}
	return dir
}

// TestReaderAgreesWithTheManifestOnRealBackups validates the test reader
// itself: it must read the real uncompressed samples the way the format
// notes' manifest says, or the round trips above would prove nothing.
func TestReaderAgreesWithTheManifestOnRealBackups(t *testing.T) {
	dir := sharedBackups(t)
	raw, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var manifest []map[string]any
	if err := json.Unmarshal(raw, &manifest); err != nil {
		t.Fatal(err)
	}
	colon := func(s any) string {
		var v, b, sl uint64
		if s == "0" {
			return "0"
		}
		fmt.Sscanf(fmt.Sprint(s), "%d:%d:%d", &v, &b, &sl)
		return FormatLSN(uint32(v), uint32(b), uint16(sl))
	}
	checked := 0
	for _, m := range manifest {
		if m["container"] != "MTF" || m["Position"] != 1.0 {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, m["file"].(string)))
		if err != nil {
			t.Fatal(err)
		}
		got, err := readBack(data)
		if err != nil {
			t.Errorf("%s: %v", m["file"], err)
			continue
		}
		want := map[string][2]string{
			"DatabaseName":  {got.DatabaseName, fmt.Sprint(m["DatabaseName"])},
			"ServerName":    {got.ServerName, fmt.Sprint(m["ServerName"])},
			"MachineName":   {got.MachineName, fmt.Sprint(m["MachineName"])},
			"Version":       {got.Version, fmt.Sprint(m["SoftwareVersion"])},
			"MediaSetId":    {got.MediaSetID, fmt.Sprint(m["MediaSetId"])},
			"BackupSetGUID": {got.BackupSetGUID, fmt.Sprint(m["BackupSetGUID"])},
			"DiffBase":      {got.DifferentialBaseGUID, fmt.Sprint(m["DifferentialBaseGUID"])},
			"FirstLSN":      {got.FirstLSN, colon(m["FirstLSN"])},
			"LastLSN":       {got.LastLSN, colon(m["LastLSN"])},
			"CheckpointLSN": {got.CheckpointLSN, colon(m["CheckpointLSN"])},
			"DBBackupLSN":   {got.DatabaseBackupLSN, colon(m["DatabaseBackupLSN"])},
			"Family":        {fmt.Sprint(got.FamilySequence, "/", got.FamilyCount), fmt.Sprint(m["FamilySequenceNumber"], "/", m["FamilyCount"])},
			"Checksums":     {fmt.Sprint(got.HasChecksums), fmt.Sprint(m["HasBackupChecksums"])},
			"Start":         {got.BackupStart, strings.Replace(fmt.Sprint(m["BackupStartDate(head)"]), " ", "T", 1)},
			"Finish":        {got.BackupFinish, strings.Replace(fmt.Sprint(m["BackupFinishDate"]), " ", "T", 1)},
		}
		for field, gw := range want {
			if gw[0] != gw[1] {
				t.Errorf("%s: %s = %q, manifest says %q", m["file"], field, gw[0], gw[1])
			}
		}
		checked++
	}
	if checked < 50 {
		t.Errorf("checked only %d real files", checked)
	}
	t.Logf("reader agrees with the manifest on %d real backups", checked)
}

func TestBuilderGapBreaksTheChainOnlyWhereAsked(t *testing.T) {
	b := NewBuilder("Broken", WithChecksums())
	full := b.Full(time.Time{})
	l1 := b.Log(time.Time{})
	b.Gap()
	l2 := b.Log(time.Time{})
	l3 := b.Log(time.Time{})
	if l1.Header.FirstLSN != full.Header.FirstLSN {
		t.Errorf("first log starts at %s, want the full's FirstLSN %s", l1.Header.FirstLSN, full.Header.FirstLSN)
	}
	if l2.Header.FirstLSN == l1.Header.LastLSN || mustLSN(t, l2.Header.FirstLSN).cmp(mustLSN(t, l1.Header.LastLSN)) <= 0 {
		t.Errorf("gap not made: log 2 starts at %s, log 1 ends at %s", l2.Header.FirstLSN, l1.Header.LastLSN)
	}
	if l3.Header.FirstLSN != l2.Header.LastLSN {
		t.Errorf("chain not resumed after the gap: %s vs %s", l3.Header.FirstLSN, l2.Header.LastLSN)
	}
	if !(l1.Header.BackupStart < l2.Header.BackupStart && l2.Header.BackupStart < l3.Header.BackupStart) {
		t.Errorf("times not increasing: %s %s %s", l1.Header.BackupStart, l2.Header.BackupStart, l3.Header.BackupStart)
	}
}

func TestStripesShareOneBackupSetAndNumberTheFamilies(t *testing.T) {
	log := NewBuilder("S").Log(time.Time{})
	parts := Stripes(log, 2)
	if len(parts) != 2 || parts[0].Name != "S_202401010100_1.trn" || parts[1].Name != "S_202401010100_2.trn" {
		t.Fatalf("names %v", parts)
	}
	for i, p := range parts {
		got, err := readBack(p.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if got.FamilyCount != 2 || got.FamilySequence != i+1 || got.MediaSetID != log.Header.MediaSetID || got.BackupSetGUID != log.Header.BackupSetGUID {
			t.Errorf("stripe %d read back as %+v", i+1, got)
		}
	}
}
