package bakhdr

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// backupsDir is the shared sample folder, relative to this package.
const backupsDir = "../../shared/testdata/backups"

// requireSamples skips when the shared samples are absent locally; in CI
// their absence is a failure.
func requireSamples(tb testing.TB) {
	tb.Helper()
	if _, err := os.Stat(filepath.Join(backupsDir, "manifest.json")); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("shared backup samples missing in CI: %v", err)
		}
		tb.Skipf("shared backup samples not present: %v", err)
	}
}

// manifestEntry holds the manifest fields the decoder is checked against.
type manifestEntry struct {
	File                 string `json:"file"`
	Container            string `json:"container"`
	MediaSetID           string `json:"MediaSetId"`
	FamilyCount          int    `json:"FamilyCount"`
	FamilySequenceNumber int    `json:"FamilySequenceNumber"`
	Position             int    `json:"Position"`
	BackupSetGUID        string `json:"BackupSetGUID"`
	MachineName          string `json:"MachineName"`
	ServerName           string `json:"ServerName"`
	DatabaseName         string `json:"DatabaseName"`
	SoftwareVersion      string `json:"SoftwareVersion"`
	BackupTypeChar       string `json:"BackupTypeChar"`
	HasBackupChecksums   bool   `json:"HasBackupChecksums"`
	BackupStartHead      string `json:"BackupStartDate(head)"`
	BackupFinishDate     string `json:"BackupFinishDate"`
	DifferentialBaseGUID string `json:"DifferentialBaseGUID"`
	BindingID            string `json:"BindingID"`
	FamilyGUID           string `json:"FamilyGUID"`
	BackupSize           int64  `json:"BackupSize"`
	CompressedBackupSize int64  `json:"CompressedBackupSize"`
	FirstLSN             string `json:"FirstLSN"`
	LastLSN              string `json:"LastLSN"`
	CheckpointLSN        string `json:"CheckpointLSN"`
	DatabaseBackupLSN    string `json:"DatabaseBackupLSN"`
	FirstLSNHead         string `json:"FirstLSN(head)"`
	LastLSNHead          string `json:"LastLSN(head)"`
	CheckpointLSNHead    string `json:"CheckpointLSN(head)"`
	DatabaseBackupLSNHd  string `json:"DatabaseBackupLSN(head)"`
	Size                 int64  `json:"size"`
}

func loadManifest(tb testing.TB) []manifestEntry {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(backupsDir, "manifest.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var m []manifestEntry
	if err := json.Unmarshal(b, &m); err != nil {
		tb.Fatalf("manifest.json: %v", err)
	}
	return m
}

// manifestLSN converts the manifest's "vlf:block:slot" form to decimal.
func manifestLSN(tb testing.TB, s string) string {
	tb.Helper()
	if s == "0" {
		return "0"
	}
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		tb.Fatalf("manifest LSN %q is not vlf:block:slot", s)
	}
	var n [3]uint64
	for i, p := range parts {
		v, err := strconv.ParseUint(p, 10, 32)
		if err != nil {
			tb.Fatalf("manifest LSN %q: %v", s, err)
		}
		n[i] = v
	}
	return lsn{vlf: uint32(n[0]), block: uint32(n[1]), slot: uint16(n[2])}.String()
}

// manifestTime turns "2020-07-09 01:27:04" into the header's form.
func manifestTime(s string) string { return strings.Replace(s, " ", "T", 1) }

// manifestTypes maps msdb backupset.type letters to header type names.
var manifestTypes = map[string]string{
	"D": TypeFull, "I": TypeDifferential, "L": TypeLog, "F": TypeFile,
	"G": TypeDifferentialFile, "P": TypePartial, "Q": TypeDifferentialPartial,
}

// multiSetFiles lists sample files holding appended backup sets, with their
// set count. For them the manifest's unsuffixed LSNs and finish date were
// read from the tail, which belongs to the LAST set: its DatabaseBackupLSN
// (12881:1019:61) is the first set's own CheckpointLSN, which no set can
// carry about itself. The decoder describes the first set (Position 1), so
// its LSNs are the front copy's (final on SQL Server 2014) and the finish
// date, which only that set's trailer in mid-file holds, is unknown.
var multiSetFiles = map[string]int{
	"appveyor-lab/history/SharePoint_Config.23d8f3c.bak": 2,
}

// readEnds reads the first head and last tail bytes of a file, as the
// scanner does with two range reads.
func readEnds(tb testing.TB, path string, headN, tailN int64) (head, tail []byte, size int64) {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		tb.Fatal(err)
	}
	size = st.Size()
	head = make([]byte, min(headN, size))
	if _, err := io.ReadFull(f, head); err != nil {
		tb.Fatal(err)
	}
	tail = make([]byte, min(tailN, size))
	if _, err := f.ReadAt(tail, size-int64(len(tail))); err != nil {
		tb.Fatal(err)
	}
	return head, tail, size
}

// decodeLikeScanner decodes with default-sized reads, re-reading the head
// when the decoder asks for more. It returns how many re-reads were needed.
func decodeLikeScanner(tb testing.TB, path string) (*Header, int, error) {
	tb.Helper()
	headN := int64(DefaultHeadBytes)
	for rereads := 0; ; rereads++ {
		head, tail, size := readEnds(tb, path, headN, DefaultTailBytes)
		h, err := Decode(head, tail, size)
		var more *NeedMoreError
		if !errors.As(err, &more) {
			return h, rereads, err
		}
		if more.HeadBytes <= int64(len(head)) || rereads > 8 {
			tb.Fatalf("%s: NeedMoreError asks for %d bytes after %d were given", path, more.HeadBytes, len(head))
		}
		headN = more.HeadBytes
	}
}

func TestDecodesEveryManifestFileFromHeadAndTail(t *testing.T) {
	requireSamples(t)
	manifest := loadManifest(t)
	if len(manifest) != 110 {
		t.Errorf("manifest has %d entries, want 110", len(manifest))
	}
	rereads, compressed := 0, 0
	for _, m := range manifest {
		h, n, err := decodeLikeScanner(t, filepath.Join(backupsDir, m.File))
		rereads += n
		if err != nil {
			t.Errorf("%s: %v", m.File, err)
			continue
		}
		if h.Compressed {
			compressed++
		}
		sets := multiSetFiles[m.File]
		want := Header{
			DatabaseName:         m.DatabaseName,
			ServerName:           m.ServerName,
			MachineName:          m.MachineName,
			BackupType:           manifestTypes[m.BackupTypeChar],
			Version:              m.SoftwareVersion,
			Compressed:           m.Container == "MSSQLBAK" || m.CompressedBackupSize < m.BackupSize,
			HasChecksums:         m.HasBackupChecksums,
			Position:             m.Position,
			FirstLSN:             manifestLSN(t, m.FirstLSN),
			LastLSN:              manifestLSN(t, m.LastLSN),
			CheckpointLSN:        manifestLSN(t, m.CheckpointLSN),
			DatabaseBackupLSN:    manifestLSN(t, m.DatabaseBackupLSN),
			BackupStart:          manifestTime(m.BackupStartHead),
			BackupFinish:         manifestTime(m.BackupFinishDate),
			FamilyCount:          m.FamilyCount,
			FamilySequence:       m.FamilySequenceNumber,
			MediaSetID:           m.MediaSetID,
			BackupSetGUID:        m.BackupSetGUID,
			DifferentialBaseGUID: m.DifferentialBaseGUID,
			BindingID:            m.BindingID,
			FamilyGUID:           m.FamilyGUID,
			BackupSets:           1,
			// The manifest has no file list: TestFileListOfEverySample...
			// checks it against the file's own bytes.
			Files: h.Files,
		}
		if m.Container == "MSSQLBAK" {
			want.CompressionAlgorithm = CompressionXpress
		}
		if sets > 0 {
			want.FirstLSN = manifestLSN(t, m.FirstLSNHead)
			want.LastLSN = manifestLSN(t, m.LastLSNHead)
			want.CheckpointLSN = manifestLSN(t, m.CheckpointLSNHead)
			want.DatabaseBackupLSN = manifestLSN(t, m.DatabaseBackupLSNHd)
			want.BackupFinish = ""
			want.BackupSets = sets
			want.Unknown = []string{"backup_finish"} // SQL Server 2014: the front LSNs are final
		}
		for _, d := range diffHeaders(*h, want) {
			t.Errorf("%s: %s", m.File, d)
		}
	}
	t.Logf("%d manifest files decoded (%d compressed); head re-reads needed: %d", len(manifest), compressed, rereads)
}

// diffHeaders lists every field that differs, as "field: got X, want Y".
func diffHeaders(got, want Header) []string {
	gj, _ := json.Marshal(got)
	wj, _ := json.Marshal(want)
	var g, w map[string]any
	_ = json.Unmarshal(gj, &g)
	_ = json.Unmarshal(wj, &w)
	var out []string
	for k, wv := range w {
		if gv := g[k]; fmt.Sprint(gv) != fmt.Sprint(wv) {
			out = append(out, fmt.Sprintf("%s: got %v, want %v", k, gv, wv))
		}
	}
	for k, gv := range g {
		if _, ok := w[k]; !ok {
			out = append(out, fmt.Sprintf("%s: got %v, want absent", k, gv))
		}
	}
	sort.Strings(out)
	return out
}

func TestDecodesSampleFilesWithoutManifestEntries(t *testing.T) {
	requireSamples(t)
	inManifest := map[string]bool{}
	for _, m := range loadManifest(t) {
		inManifest[m.File] = true
	}
	var others []string
	err := filepath.WalkDir(backupsDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(backupsDir, p)
		rel = filepath.ToSlash(rel)
		ext := strings.ToLower(filepath.Ext(rel))
		if (ext == ".bak" || ext == ".trn") && !inManifest[rel] {
			others = append(others, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(others) != 16 {
		t.Errorf("found %d sample files without a manifest entry, want 16", len(others))
	}
	for _, rel := range others {
		h, _, err := decodeLikeScanner(t, filepath.Join(backupsDir, rel))
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			continue
		}
		// Without a manifest entry, check what every real backup must have.
		if h.DatabaseName == "" || h.BackupType == "" || h.BackupFinish == "" || h.FirstLSN == "0" || h.BackupSets != 1 || h.Unknown != nil {
			t.Errorf("%s: implausible header %+v", rel, *h)
		}
	}
}

// A zero BindingID or FamilyGUID is "not recorded", never an identity:
// reported as one, every backup without it would look like one database.
func TestAZeroIdentityGUIDIsLeftOut(t *testing.T) {
	if got := identityGUID(make([]byte, 16)); got != "" {
		t.Errorf("zero GUID decoded as %q, want it left out", got)
	}
	b := make([]byte, 16)
	b[15] = 1
	if got := identityGUID(b); got != "00000000-0000-0000-0000-000000000001" {
		t.Errorf("GUID decoded as %q", got)
	}
}
