package report

// ruleDocs is the rule set the formats describe; empty until the CLI passes
// the registry in Meta.
func ruleDocs(meta Meta) []ruleDoc { return nil }
