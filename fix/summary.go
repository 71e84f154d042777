package fix

// Summary is the outcome of an apply.
type Summary struct {
	// Moved: copies made by this run that kept the blob type.
	Moved int `json:"moved"`
	// Converted: copies made by this run that changed the blob type.
	Converted int `json:"converted"`
	// Done: moves an earlier run (or an identical existing file) had
	// already completed; nothing was written for them.
	Done int `json:"done"`
	// Skipped: moves left undone on purpose (source changed, destination
	// taken by different content).
	Skipped int `json:"skipped"`
	// Failed: moves that hit an error; rerunning retries them.
	Failed int `json:"failed"`
	// PlanSkipped: files the plan itself left out (unattributed, archived...).
	PlanSkipped int `json:"plan_skipped"`
	// NotSelected: moves outside --include-database/--exclude-database,
	// left untouched.
	NotSelected int `json:"not_selected,omitempty"`
	// Deleted: sources removed after their copies were verified.
	Deleted int `json:"deleted"`
	// Bytes copied by this run.
	Bytes int64 `json:"bytes"`
	// Streamed: some conversion went through this process because the
	// service lacks Put Page From URL.
	Streamed bool `json:"streamed"`
	// Problems lists every skipped or failed move with the reason.
	Problems []Skip `json:"problems"`
}

// Complete reports whether every file of the plan is where it belongs: the
// CLI exits 0 then, 4 otherwise (SPEC §9).
func (s *Summary) Complete() bool { return s.Skipped == 0 && s.Failed == 0 && s.PlanSkipped == 0 }

// ExitCode is the SPEC §9 code for a finished apply.
func (s *Summary) ExitCode() int {
	if s.Complete() {
		return 0
	}
	return 4
}
