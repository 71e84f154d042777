package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/baklint/baklint/bakhdr"
	"github.com/baklint/baklint/internal/testutil"
	"github.com/baklint/baklint/layout"
)

func TestPrintableEscapesWhatATerminalWouldObey(t *testing.T) {
	cases := []struct{ in, want string }{
		{"\x1b[31mred", `\x1b[31mred`},
		{"x\x01y", `x\x01y`},
		{"a\rb", `a\rb`},
		{"a\nb", `a\nb`},
		{"tab\there", `tab\there`},
		{"del\x7f", `del\x7f`},
		{"c1\u009b31m", `c1\u009b31m`},
		{"bidi\u202eevil", `bidi\u202eevil`},
		{"bad\xffutf8", `bad\xffutf8`},
		{`SQL01\PROD Ünïcode $#1`, `SQL01\PROD Ünïcode $#1`},
		{"", ""},
	}
	for _, c := range cases {
		got := printable(c.in)
		if got != c.want {
			t.Errorf("printable(%q) = %q, want %q", c.in, got, c.want)
		}
		if again := printable(got); again != got {
			t.Errorf("printable is not idempotent on %q: %q", got, again)
		}
	}
}

// hostile holds everything the review asked about: an ANSI escape, a
// control character, a carriage return and a newline.
const hostile = "x\x1b[31my\x01z\rw\nv"

// hostileEscaped is hostile as every text format must show it.
const hostileEscaped = `x\x1b[31my\x01z\rw\nv`

// hostileLint lints an inventory whose database name (from a header),
// folder names and file names are hostile, so that the name reaches
// findings, databases, batches, the tree and the inventory table.
func hostileLint(t *testing.T) (*layout.Result, *layout.Inventory) {
	t.Helper()
	h := func(typ string) *bakhdr.Header {
		return &bakhdr.Header{DatabaseName: hostile, BackupType: typ, Version: "15.0.2000", HasChecksums: true,
			Position: 1, FirstLSN: "20000000000100001", LastLSN: "20000000000900001", CheckpointLSN: "20000000000100001",
			FamilyCount: 1, FamilySequence: 1}
	}
	inv := &layout.Inventory{Source: "/srv/" + hostile, Location: testutil.Location("/srv/" + hostile), Files: []layout.File{
		{Path: hostile + "/deep/" + hostile + ".bak", Size: 4096, Header: h("full")},
		{Path: hostile + "/" + hostile + ".trn", Size: 4096, Header: h("log")},
		{Path: "other/" + hostile + ".trn", Size: 4096, Header: h("log")},
		{Path: "other/" + hostile + ".txt", Size: 10},
	}}
	for i := range inv.Files {
		layout.Attribute(&inv.Files[i])
	}
	tg, err := layout.LookupTarget("any")
	if err != nil {
		t.Fatal(err)
	}
	return layout.Lint(inv, tg), inv
}

func TestHostileNamesReachNoTextOrHTMLOutputRaw(t *testing.T) {
	res, inv := hostileLint(t)
	if len(res.Findings) < 3 || hostileDatabase(res) < 0 {
		t.Fatalf("the hostile layout should give findings and the hostile database: %+v", res.Databases)
	}
	formats := []struct {
		name   string
		render func(*bytes.Buffer) error
		// allowed are the control sequences the format itself writes.
		allowed []string
	}{
		{"text", func(b *bytes.Buffer) error { return Text(b, res, TextOptions{}) }, []string{"\n"}},
		{"color text", func(b *bytes.Buffer) error { return Text(b, res, TextOptions{Color: true}) },
			[]string{"\n", ansiReset, ansiBold, ansiDim, ansiRed, ansiYellow, ansiCyan}},
		{"html", func(b *bytes.Buffer) error { return HTML(b, res, HTMLOptions{Inventory: inv}) }, []string{"\n"}},
		{"inventory table", func(b *bytes.Buffer) error { return InventoryTable(b, inv) }, []string{"\n"}},
	}
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			out := rendered(t, f.render)
			if !strings.Contains(out, hostileEscaped) {
				t.Errorf("output never shows the escaped name %s:\n%s", hostileEscaped, out)
			}
			rest := out
			for _, a := range f.allowed {
				rest = strings.ReplaceAll(rest, a, "")
			}
			for i, r := range rest {
				if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u202e' {
					t.Errorf("raw %q at byte %d of the remaining output: %q", r, i, rest[max(0, i-20):min(len(rest), i+20)])
					break
				}
			}
			// A hostile newline that slipped through would start a line
			// with the rest of the name.
			for _, line := range strings.Split(out, "\n") {
				if strings.HasPrefix(strings.TrimLeft(line, " "), "v") && !strings.HasPrefix(strings.TrimLeft(line, " "), "vm-") {
					t.Errorf("a line starts with the tail of the hostile name: %q", line)
				}
			}
		})
	}
}

func TestPrintableCopyLeavesTheCallersResultAlone(t *testing.T) {
	res, _ := hostileLint(t)
	d := hostileDatabase(res)
	var buf bytes.Buffer
	if err := Text(&buf, res, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if res.Databases[d].Name != hostile {
		t.Errorf("rendering changed the caller's database name to %q", res.Databases[d].Name)
	}
	got := printableCopy(res)
	if got == res || got.Databases[d].Name != hostileEscaped || res.Databases[d].Name != hostile {
		t.Errorf("printableCopy gave %q and left %q, want a copy with %q and the input untouched",
			got.Databases[d].Name, res.Databases[d].Name, hostileEscaped)
	}
}

func hostileDatabase(res *layout.Result) int {
	for i, d := range res.Databases {
		if d.Name == hostile {
			return i
		}
	}
	return -1
}
