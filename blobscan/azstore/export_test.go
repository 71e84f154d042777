package azstore

// SetMinSplitPage lets a test split pages as small as it lists; it returns
// the restore function.
func SetMinSplitPage(n int) func() {
	old := minSplitPage
	minSplitPage = n
	return func() { minSplitPage = old }
}

// ListingLearnt says what listing learnt of the service: whether it
// answers in Arrow and honours startFrom ("unknown", "yes", "no").
func ListingLearnt(c *Container) (arrow, ranges string) {
	name := [...]string{"unknown", "yes", "no"}
	return name[c.list.arrow.Load()], name[c.list.ranges.Load()]
}
