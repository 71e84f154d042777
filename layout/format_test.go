package layout

import "testing"

func TestHumanBytesUsesBinaryUnitsWithOneDecimal(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 1024: "1.0 KiB", 1536: "1.5 KiB", 3 << 30: "3.0 GiB", 1 << 62: "4.0 EiB"} {
		if got := HumanBytes(n); got != want {
			t.Errorf("HumanBytes(%d) = %q, want %q", n, got, want)
		}
	}
	if Plural(1, "file") != "1 file" || Plural(2, "file") != "2 files" || Plural(0, "file") != "0 files" {
		t.Error("Plural")
	}
}
