package report

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/baklint/baklint/fix"
)

// goldenPlan is the plan fix's own golden test writes: a hostile database
// name, a conversion, skipped files and --delete-source.
func goldenPlan(t *testing.T) *fix.PlanDoc {
	t.Helper()
	b, err := os.ReadFile("../fix/testdata/plan.json")
	if err != nil {
		t.Fatal(err)
	}
	d, err := fix.ParsePlan(b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func render(t *testing.T, command, format string, j Job) string {
	t.Helper()
	f, err := LookupFormat(command, format)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := f.Render(&b, j); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestTheFixPlanReadsAsGoldenTextWithHostileNamesEscaped(t *testing.T) {
	txt := render(t, "fix", "text", Job{FixPlan: goldenPlan(t)})
	golden(t, "plan.txt.golden", []byte(txt))
	if strings.Contains(txt, "\x1b") {
		t.Error("the text rendering carries a raw escape character from a database name")
	}
}

func TestTheFixPlanAsJSONIsThePlanThatApplies(t *testing.T) {
	d := goldenPlan(t)
	back, err := fix.ParsePlan([]byte(render(t, "fix", "json", Job{FixPlan: d})))
	if err != nil || back.PlanSHA256 != d.PlanSHA256 || len(back.Moves) != len(d.Moves) {
		t.Errorf("fix --format json does not print the plan as saved: %v", err)
	}
}

func TestTheFixPlanTextEndsWithWhatTheDestinationHolds(t *testing.T) {
	d := goldenPlan(t)
	d.Moves[0].Dest, d.Moves[1].Dest = fix.DestConflict, fix.DestDone
	txt := render(t, "fix", "text", Job{FixPlan: d})
	if !strings.Contains(txt, "1 already there with identical content") ||
		!strings.Contains(txt, "conflict: "+d.Moves[0].To+" already holds other content") {
		t.Errorf("the dry run does not say what the destination holds:\n%s", txt)
	}
}

func TestTheApplySummaryRendersForPeopleAndPrograms(t *testing.T) {
	s := &fix.Summary{Moved: 3, Skipped: 1, Streamed: true, Bytes: 3 << 20,
		Problems: []fix.Skip{{Path: "evil\x1b[2J.bak", Reason: "the source changed since planning"}, {Path: "b.bak", Reason: "destination \"x\x1b[2J\" is taken"}}}
	txt := render(t, "fix", "text", Job{FixSummary: s})
	for _, want := range []string{"Put Page From URL is not supported", "not done: evil\\x1b[2J.bak: the source changed", "3 copied, 0 converted, 0 already done, 1 skipped"} {
		if !strings.Contains(txt, want) {
			t.Errorf("summary text lacks %q:\n%s", want, txt)
		}
	}
	if strings.Contains(txt, "\x1b") {
		t.Errorf("the summary carries a raw escape character from a name:\n%q", txt)
	}
	var back fix.Summary
	if err := json.Unmarshal([]byte(render(t, "fix", "json", Job{FixSummary: s})), &back); err != nil || back.Moved != 3 || back.Skipped != 1 || !back.Streamed {
		t.Errorf("summary JSON reads back as %+v (%v)", back, err)
	}
}

func TestEachMoveEventHasOneTextLine(t *testing.T) {
	cases := []struct {
		ev   fix.Event
		want string
	}{
		{fix.Event{Kind: fix.EventCopied, From: "A/x.bak", To: "DB/x.bak"}, "copied A/x.bak -> DB/x.bak"},
		{fix.Event{Kind: fix.EventConverted, From: "A/x.bak", To: "DB/x.bak", FromType: "BlockBlob", ToType: "PageBlob"}, "converted A/x.bak -> DB/x.bak (BlockBlob -> PageBlob)"},
		{fix.Event{Kind: fix.EventDone, From: "A/x.bak", To: "DB/x.bak"}, "already done A/x.bak -> DB/x.bak"},
		{fix.Event{Kind: fix.EventSkipped, From: "A/x.bak", To: "DB/x.bak", Reason: "source changed since planning"}, "skipped A/x.bak: source changed since planning"},
		{fix.Event{Kind: fix.EventFailed, From: "A/x.bak", Reason: "HTTP 503"}, "failed A/x.bak: HTTP 503"},
		{fix.Event{Kind: fix.EventNote, Reason: "streaming through the client"}, "note: streaming through the client"},
		// A hostile name, or a blob type edited into a plan, cannot rewrite the terminal.
		{fix.Event{Kind: fix.EventCopied, From: "A/\x1b[2J\u202e.bak", To: "DB/x.bak"}, `copied A/\x1b[2J\u202e.bak -> DB/x.bak`},
		{fix.Event{Kind: fix.EventConverted, From: "A/x.bak", To: "DB/x.bak", FromType: "Block\x1b[2J", ToType: "PageBlob"}, `converted A/x.bak -> DB/x.bak (Block\x1b[2J -> PageBlob)`},
	}
	for _, c := range cases {
		if got := MoveLine(c.ev); got != c.want {
			t.Errorf("%+v\n got %q\nwant %q", c.ev, got, c.want)
		}
	}
}

// The JSON log carries the fields themselves, not split out of the text:
// a name holding " -> " or ": " stays whole.
func TestTheJSONMoveLogKeepsNamesWholeAndStampsTheTime(t *testing.T) {
	var b bytes.Buffer
	at := time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)
	log := moveLogJSON(&b, func() time.Time { return at })
	log(fix.Event{Kind: fix.EventConverted, From: "a -> b: c.bak", To: "DB/a -_ b_ c.bak", FromType: "BlockBlob", ToType: "PageBlob"})
	log(fix.Event{Kind: fix.EventFailed, From: "x.bak", Reason: "HTTP 503"})
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2: %q", len(lines), b.String())
	}
	var first, second moveEvent
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(lines[1]), &second); err != nil {
		t.Fatal(err)
	}
	want := moveEvent{Time: "2026-12-02T08:00:00Z", Event: "converted", From: "a -> b: c.bak", To: "DB/a -_ b_ c.bak",
		FromType: "BlockBlob", ToType: "PageBlob", Message: "converted a -> b: c.bak -> DB/a -_ b_ c.bak (BlockBlob -> PageBlob)"}
	if first != want {
		t.Errorf("got  %+v\nwant %+v", first, want)
	}
	if second.Event != "failed" || second.From != "x.bak" || second.Reason != "HTTP 503" {
		t.Errorf("failed event: %+v", second)
	}
}
