package layout

import "fmt"

var ruleUnattributedBackup = Rule{
	ID:        "unattributed-backup",
	Severity:  Warning,
	Rationale: "A backup whose database cannot be told from its header, a known naming pattern or its folder cannot be placed, so the fixer leaves it.",
	Link:      docHeader,
	KeepsFile: true,
	Check:     fileCheck(checkUnattributedBackup),
}

func checkUnattributedBackup(_ *Context, f FileInfo) (message, remedy string) {
	switch {
	case !f.Backup || f.Size == 0:
	case f.Database == "":
		return "cannot tell which database this backup belongs to: no readable header, no known naming pattern, no first-level folder",
			"move it into a folder named after its database (DB/" + f.Name() + "); baklint fix leaves it where it is"
	case f.Ambiguous:
		return fmt.Sprintf("several different databases are named %s (other identities, or trees of other servers), and this file has no readable header to tell which one it belongs to", quote(f.Database)),
			"check its header (RESTORE HEADERONLY: BindingID, ServerName) and move it to that database's folder by hand; baklint fix leaves it where it is"
	}
	return "", ""
}
