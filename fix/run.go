package fix

import "github.com/baklint/baklint/errclass"

// Mode is what one `baklint fix` invocation does.
type Mode int

const (
	// DryRun plans and shows the plan (and saves it with --plan): it
	// writes nothing to storage.
	DryRun Mode = iota
	// PlanAndApply plans, then executes the plan at once.
	PlanAndApply
	// ApplySaved executes a reviewed plan file exactly as it is; run again,
	// it resumes an interrupted run instead of planning anew.
	ApplySaved
)

// Request is what the command line asked for.
type Request struct {
	Apply      bool   // --apply
	PlanFile   string // --plan, "" when not given
	PlanExists bool   // PlanFile names an existing file
	HasSource  bool   // a SOURCE argument was given
	HasDest    bool   // --dest was given
}

// Choose decides the mode from the flags, or says in one line why they do
// not make sense together. An existing plan with --apply is executed as
// reviewed, so that the same command run again after a crash resumes.
func Choose(r Request) (Mode, error) {
	switch {
	case r.Apply && r.PlanFile != "" && r.PlanExists:
		return ApplySaved, nil
	case !r.HasSource && r.Apply && r.PlanFile != "":
		return 0, errclass.Errorf(errclass.BadInput, "plan %s does not exist: plan first with baklint fix SOURCE --dest DEST --plan %s", r.PlanFile, r.PlanFile)
	case !r.HasSource && r.PlanFile != "":
		return 0, errclass.Errorf(errclass.BadInput, "fix --plan %s without SOURCE needs --apply to execute it", r.PlanFile)
	case !r.HasSource:
		return 0, errclass.Errorf(errclass.BadInput, "fix needs SOURCE: the folder, container or account URL to fix")
	case !r.HasDest:
		return 0, errclass.Errorf(errclass.BadInput, "fix needs --dest DEST: the folder or container that receives the flat layout")
	case r.Apply:
		return PlanAndApply, nil
	}
	return DryRun, nil
}
