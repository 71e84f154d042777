package fix

import (
	"errors"
	"strings"
	"testing"

	"github.com/baklint/baklint/errclass"
)

func TestChooseDecidesPlanApplyOrResumeFromTheFlags(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    Request
		want Mode
		err  string // part of the error, "" for none
	}{
		{"a dry run by default", Request{HasSource: true, HasDest: true}, DryRun, ""},
		{"a dry run that saves its plan", Request{HasSource: true, HasDest: true, PlanFile: "p.json"}, DryRun, ""},
		{"plan and apply at once", Request{HasSource: true, HasDest: true, Apply: true}, PlanAndApply, ""},
		{"a new plan file with --apply is planned, saved and applied", Request{HasSource: true, HasDest: true, Apply: true, PlanFile: "p.json"}, PlanAndApply, ""},
		{"an existing plan with --apply resumes it, SOURCE or not", Request{HasSource: true, Apply: true, PlanFile: "p.json", PlanExists: true}, ApplySaved, ""},
		{"an existing plan alone with --apply", Request{Apply: true, PlanFile: "p.json", PlanExists: true}, ApplySaved, ""},
		{"--apply --plan of a missing file without SOURCE", Request{Apply: true, PlanFile: "p.json"}, 0, "does not exist"},
		{"--plan without SOURCE or --apply", Request{PlanFile: "p.json", PlanExists: true}, 0, "needs --apply"},
		{"no SOURCE", Request{HasDest: true}, 0, "needs SOURCE"},
		{"no --dest", Request{HasSource: true}, 0, "needs --dest"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Choose(tc.r)
			switch {
			case tc.err == "" && (err != nil || m != tc.want):
				t.Errorf("Choose = %v, %v; want %v", m, err, tc.want)
			case tc.err != "" && (err == nil || !errors.Is(err, errclass.BadInput) || !strings.Contains(err.Error(), tc.err)):
				t.Errorf("Choose error %v, want bad input saying %q", err, tc.err)
			}
		})
	}
}
