package blobwire

import (
	"net/http/httptest"
	"testing"
)

func TestParseRangeReadsClosedAndOpenRangesAndRefusesTheRest(t *testing.T) {
	cases := []struct {
		header      string
		off, end    int64
		ranged, bad bool
	}{
		{"", 0, 100, false, false},
		{"bytes=0-9", 0, 10, true, false},
		{"bytes=90-", 90, 100, true, false},
		{"bytes=90-500", 90, 100, true, false},                 // clipped to the size
		{"bytes=90-9223372036854775807", 90, 100, true, false}, // no overflow at the largest end
		{"bytes=100-", 0, 0, false, true},                      // starts past the end
		{"bytes=9-3", 0, 0, false, true},
		{"bytes=-5", 0, 0, false, true},
		{"bytes=0-9x", 0, 0, false, true},
		{"items=0-9", 0, 0, false, true},
	}
	for _, c := range cases {
		off, end, ranged, err := ParseRange(c.header, 100)
		if (err != nil) != c.bad || off != c.off || end != c.end || ranged != c.ranged {
			t.Errorf("%q: %d, %d, %v, %v; want %d, %d, %v, bad %v", c.header, off, end, ranged, err, c.off, c.end, c.ranged, c.bad)
		}
	}
}

func TestWriteErrorPutsTheCodeInTheHeaderAndTheBody(t *testing.T) {
	w := httptest.NewRecorder()
	WriteError(w, 416, "InvalidRange", "The range specified is invalid.")
	want := `<?xml version="1.0" encoding="utf-8"?><Error><Code>InvalidRange</Code><Message>The range specified is invalid.</Message></Error>`
	if w.Code != 416 || w.Header().Get("x-ms-error-code") != "InvalidRange" || w.Header().Get("Content-Type") != "application/xml" || w.Body.String() != want {
		t.Errorf("got %d %v %q", w.Code, w.Header(), w.Body.String())
	}
}
