package layout

import (
	"encoding/json"
	"testing"
	"unsafe"

	"github.com/baklint/baklint/bakhdr"
	"github.com/baklint/baklint/blobscan"
)

func TestTheNamedConstantsNameWhatTheyStandFor(t *testing.T) {
	for _, tc := range []struct {
		got  interface{ String() string }
		want string
	}{
		{BlockBlob, blobscan.BlockBlob}, {PageBlob, blobscan.PageBlob}, {AppendBlob, blobscan.AppendBlob},
		{ByFolder, "folder"}, {ByName, "name"}, {ByHeader, "header"},
		{BlobType(0), ""}, {Tier(0), ""}, {Attribution(0), ""}, {BackupType(0), ""},
	} {
		if tc.got.String() != tc.want {
			t.Errorf("%#v names %q, want %q", tc.got, tc.got.String(), tc.want)
		}
	}
	if BlobTypeOf(blobscan.PageBlob) != PageBlob || AttributionOf("header") != ByHeader || BackupTypeOf("") != 0 {
		t.Error("looking a known name up does not give its constant")
	}
}

func TestAnyNameSurvivesTheOneByteFormUnchanged(t *testing.T) {
	// Names the service may add later (a new tier) are kept as given.
	for _, name := range []string{"Hot", "Premium_P30", "hot", "Cold", "Tier with spaces"} {
		if got := TierOf(name).String(); got != name {
			t.Errorf("TierOf(%q).String() = %q", name, got)
		}
		if first, again := TierOf(name), TierOf(name); first != again {
			t.Errorf("%q gets two indexes", name)
		}
	}
	if TierOf("Premium_P30") == TierOf("Premium_P40") {
		t.Error("two names share an index")
	}
	if got := BackupTypeOf(bakhdr.TypeDifferentialPartial).String(); got != bakhdr.TypeDifferentialPartial {
		t.Errorf("backup type %q came back as %q", bakhdr.TypeDifferentialPartial, got)
	}
}

func TestAFileWritesAndReadsItsSmallFieldsAsNames(t *testing.T) {
	f := File{Path: "Sales/x.bak", BlobType: PageBlob, Tier: TierOf("Cool"), AttributedBy: ByFolder, BackupType: BackupTypeOf(bakhdr.TypeLog)}
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"path":"Sales/x.bak","size":0,"blob_type":"PageBlob","tier":"Cool","database":"","attributed_by":"folder","backup_type":"log"}`
	if string(b) != want {
		t.Fatalf("JSON\n got %s\nwant %s", b, want)
	}
	var back File
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.BlobType != f.BlobType || back.Tier != f.Tier || back.AttributedBy != f.AttributedBy || back.BackupType != f.BackupType {
		t.Errorf("read back %+v, wrote %+v", back, f)
	}
	// An unknown backup type is left out, as the empty string was.
	if b, _ := json.Marshal(File{}); string(b) != `{"path":"","size":0,"blob_type":"","tier":"","database":"","attributed_by":""}` {
		t.Errorf("empty file: %s", b)
	}
}

func TestNewNamesAreAddedSafelyFromManyGoroutines(t *testing.T) {
	done := make(chan BlobType)
	for range 8 {
		go func() { done <- BlobTypeOf("ConcurrentBlob") }()
	}
	first := <-done
	for range 7 {
		if got := <-done; got != first {
			t.Fatalf("one name, two indexes: %d and %d", first, got)
		}
	}
	if first.String() != "ConcurrentBlob" {
		t.Fatalf("added name reads back as %q", first.String())
	}
}

// A million of them are alive at once in a lint (issue 14): 168 bytes with
// strings for the small fields, 104 now. A field added in the wrong place
// costs a padded word a file.
func TestAFileStaysWithinItsSizeBudget(t *testing.T) {
	if n := unsafe.Sizeof(File{}); n > 104 {
		t.Fatalf("layout.File is %d bytes, budget 104", n)
	}
}
