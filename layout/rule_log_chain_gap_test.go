package layout

import (
	"strings"
	"testing"

	"github.com/baklint/baklint/bakhdr"
)

func TestLogChainGapFiresOnMissingLSNRanges(t *testing.T) {
	full := headed("Sales/full.bak", "Sales", "full", lsn(20, 100, 1), lsn(20, 150, 1))
	diffOf := func(p, first, last string) File {
		return headed(p, "Sales", "differential", first, last, editHeader(func(h *bakhdr.Header) {
			h.DatabaseBackupLSN = lsn(20, 100, 1)
		}))
	}
	log := func(p, first, last string) File { return headed(p, "Sales", "log", first, last) }
	testRule(t, "log-chain-gap", nil, []ruleCase{
		{name: "contiguous chain", inv: inv(full,
			log("Sales/1.trn", lsn(20, 90, 1), lsn(20, 160, 1)),
			log("Sales/2.trn", lsn(20, 160, 1), lsn(20, 170, 1)),
			log("Sales/3.trn", lsn(20, 170, 1), lsn(20, 180, 1)))},
		{name: "missing middle log", inv: inv(full,
			log("Sales/1.trn", lsn(20, 90, 1), lsn(20, 160, 1)),
			log("Sales/3.trn", lsn(20, 170, 1), lsn(20, 180, 1))),
			want: []string{"Sales/3.trn"}},
		{name: "first log starts after the full", inv: inv(full,
			log("Sales/2.trn", lsn(20, 160, 1), lsn(20, 170, 1))),
			want: []string{"Sales/2.trn"}},
		{name: "first log ends exactly at the full: too early, the next must cover", inv: inv(full,
			log("Sales/1.trn", lsn(20, 90, 1), lsn(20, 150, 1)),
			log("Sales/2.trn", lsn(20, 151, 1), lsn(20, 170, 1))),
			want: []string{"Sales/2.trn"}},
		{name: "first log starts exactly at the full's last LSN", inv: inv(full,
			log("Sales/1.trn", lsn(20, 150, 1), lsn(20, 160, 1)))},
		{name: "two gaps", inv: inv(full,
			log("Sales/1.trn", lsn(20, 140, 1), lsn(20, 160, 1)),
			log("Sales/3.trn", lsn(20, 170, 1), lsn(20, 180, 1)),
			log("Sales/5.trn", lsn(20, 190, 1), lsn(20, 200, 1))),
			want: []string{"Sales/3.trn", "Sales/5.trn"}},
		{name: "a differential bridges a gap before it", inv: inv(full,
			log("Sales/1.trn", lsn(20, 140, 1), lsn(20, 160, 1)),
			diffOf("Sales/d.bak", lsn(20, 175, 1), lsn(20, 185, 1)),
			log("Sales/3.trn", lsn(20, 180, 1), lsn(20, 190, 1)))},
		{name: "a differential of another full bridges nothing", inv: inv(full,
			log("Sales/1.trn", lsn(20, 140, 1), lsn(20, 160, 1)),
			headed("Sales/d.bak", "Sales", "differential", lsn(20, 175, 1), lsn(20, 185, 1), editHeader(func(h *bakhdr.Header) {
				h.DatabaseBackupLSN = lsn(19, 1, 1)
			})),
			log("Sales/3.trn", lsn(20, 180, 1), lsn(20, 190, 1))),
			want: []string{"Sales/3.trn"}},
		{name: "logs older than the latest full are ignored", inv: inv(
			headed("Sales/old.bak", "Sales", "full", lsn(19, 1, 1), lsn(19, 9, 1)),
			log("Sales/0.trn", lsn(19, 9, 1), lsn(19, 50, 1)),
			full,
			log("Sales/1.trn", lsn(20, 140, 1), lsn(20, 160, 1)))},
		{name: "striped duplicates and empty logs are skipped", inv: inv(full,
			log("Sales/1a.trn", lsn(20, 140, 1), lsn(20, 160, 1)),
			log("Sales/1b.trn", lsn(20, 140, 1), lsn(20, 160, 1)),
			log("Sales/2.trn", lsn(20, 160, 1), lsn(20, 160, 1)),
			log("Sales/3.trn", lsn(20, 160, 1), lsn(20, 170, 1)))},
		{name: "LSNs of different lengths compare as numbers", inv: inv(
			headed("Sales/full.bak", "Sales", "full", lsn(9, 100, 1), lsn(9, 150, 1)),
			log("Sales/1.trn", lsn(9, 140, 1), lsn(10, 1, 1)),
			log("Sales/2.trn", lsn(10, 1, 1), lsn(10, 5, 1)))},
		{name: "files without a header do not take part", inv: inv(full, bak("Sales/Sales_202401020000.trn"))},
		{name: "no full: missing-full-backup's business", inv: inv(log("Sales/3.trn", lsn(20, 170, 1), lsn(20, 180, 1)))},
	})
}

func TestLogChainGapMessageNamesTheMissingRange(t *testing.T) {
	f := onlyFinding(t, inv(
		headed("Sales/full.bak", "Sales", "full", lsn(20, 100, 1), lsn(20, 150, 1)),
		headed("Sales/1.trn", "Sales", "log", lsn(20, 140, 1), lsn(20, 160, 1)),
		headed("Sales/3.trn", "Sales", "log", lsn(20, 170, 1), lsn(20, 180, 1)),
	), "lrs", "log-chain-gap")
	wantIn(t, "message", f.Message, "LSNs 20000000016000001 to 20000000017000001", "between 1.trn and this log backup")
	if !strings.Contains(f.Remedy, "include LSN 20000000016000001") {
		t.Errorf("remedy %q does not say which LSN to look for", f.Remedy)
	}
}
