package layout

import (
	"strings"
	"testing"

	"github.com/baklint/baklint/bakhdr"
)

func TestUnsupportedCompressionFiresWhereTheTargetCannotReadTheAlgorithm(t *testing.T) {
	alg := func(a, version string) fileOpt {
		return editHeader(func(h *bakhdr.Header) { h.CompressionAlgorithm, h.Compressed, h.Version = a, true, version })
	}
	older := []string{"vm-2012", "vm-2014", "vm-2016", "vm-2017", "vm-2019"}
	testRule(t, "unsupported-compression", nil, []ruleCase{
		{name: "ZSTD", inv: inv(headed("Sales/a.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1), alg("zstd", "17.0.1000"))),
			want: []string{"Sales/a.bak"}, only: append([]string{"vm-2022", "mi", "lrs"}, older...)},
		{name: "QAT_DEFLATE", inv: inv(headed("Sales/a.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1), alg("qat", "16.0.1000"))),
			want: []string{"Sales/a.bak"}, only: append([]string{"mi", "mi-2025", "mi-aut", "lrs", "lrs-2025", "lrs-aut"}, older...)},
		{name: "XPRESS", inv: inv(headed("Sales/a.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1), alg(bakhdr.CompressionXpress, "16.0.1000")))},
		{name: "uncompressed", inv: inv(headed("Sales/a.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1)))},
	})
}

func TestUnsupportedCompressionKeepsTheFileAndNamesThePolicyThatReadsIt(t *testing.T) {
	in := inv(headed("Sales/a.bak", "Sales", "full", lsn(1, 1, 1), lsn(1, 2, 1),
		editHeader(func(h *bakhdr.Header) { h.CompressionAlgorithm, h.Version = "zstd", "17.0.1000" })))
	fs := findingsOf(Lint(in, mustTarget(t, "lrs")), "unsupported-compression")
	if len(fs) != 1 || !fs[0].KeepsFile || !strings.Contains(fs[0].Remedy, "--target lrs-2025 or lrs-aut") || !strings.Contains(fs[0].Message, "ZSTD") {
		t.Fatalf("findings %+v: want one ZSTD finding that keeps the file and names lrs-2025 or lrs-aut", fs)
	}
}
