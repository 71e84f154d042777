package layout

import (
	"fmt"
	"strings"
)

var ruleReservedKeyword = Rule{
	ID:        "reserved-keyword",
	Severity:  Error,
	Targets:   lrsTargets,
	Rationale: "LRS, which DMS uses for Managed Instance, refuses a container, folder or path that contains the reserved word \"backup\".",
	Link:      docLRS,
	Check:     checkReservedKeyword,
}

func checkReservedKeyword(c *Context) {
	hasBackup := func(s string) bool { return strings.Contains(asciiLower(s), "backup") }
	containers := map[string]bool{}
	folders := map[folderKey]bool{}
	for _, fo := range c.Folders {
		if fo.Backups == 0 {
			continue
		}
		container := fo.Container
		if container == "" {
			container = c.Inventory.Container
		}
		if hasBackup(container) && !containers[container] {
			containers[container] = true
			c.Report(Finding{
				Container: fo.Container,
				Path:      "",
				Message:   fmt.Sprintf("container %s contains the reserved word \"backup\"; LRS refuses it", quote(container)),
				Remedy:    "copy the backups to a container whose name does not contain \"backup\" (baklint fix SOURCE --dest https://ACCOUNT.blob.core.windows.net/NEWCONTAINER)",
			})
		}
		// Report each offending folder once, at its shallowest level: a
		// renamed parent fixes every folder below it.
		end := 0
		for end < len(fo.Path) {
			next := strings.IndexByte(fo.Path[end:], '/')
			if next < 0 {
				next = len(fo.Path) - end
			}
			seg := fo.Path[end : end+next]
			prefix := fo.Path[:end+next]
			end += next + 1
			if !hasBackup(seg) {
				continue
			}
			k := folderKey{fo.Container, prefix}
			if !folders[k] {
				folders[k] = true
				c.Report(Finding{
					Container: fo.Container,
					Path:      folderPath(prefix),
					Message:   fmt.Sprintf("folder name %s contains the reserved word \"backup\"; LRS refuses paths that contain it", quote(seg)),
					Remedy:    "move the backups to a path without \"backup\" in it (baklint fix --target " + c.Target.Name + " moves them to one folder per database and writes \"backup\" in database names as \"bkup\")",
				})
			}
			break
		}
	}
}
