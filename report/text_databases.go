package report

import (
	"fmt"
	"strings"

	"github.com/baklint/baklint/layout"
)

// writeDatabasesText lists each database's chain and what to hand DMS or
// LRS: last_backup_name only for a complete chain, and for a broken one the
// last file that restores, said so that nobody pastes it as the last backup
// and completes a migration early.
func writeDatabasesText(b *strings.Builder, p painter, dbs []layout.Database) {
	if len(dbs) == 0 {
		return
	}
	fmt.Fprintf(b, "\n%s\n", p.paint(ansiBold, "Databases"))
	width := 0
	for _, d := range dbs {
		width = max(width, len(databaseWithServer(d)))
	}
	for _, d := range dbs {
		var state string
		switch {
		case d.LastBackupName != "":
			state = "chain complete; last_backup_name " + printable(d.LastBackupName)
		case d.RestorableUntil != "":
			state = p.paint(ansiRed, "chain broken") + "; restorable until " + printable(d.RestorableUntil) + " (not a last_backup_name: later backups are missing or unusable)"
		case d.ChainStatus == layout.ChainBroken:
			state = p.paint(ansiRed, "chain broken") + "; nothing restores"
		default:
			state = "chain unknown (no backup headers read)"
		}
		fmt.Fprintf(b, "  %-*s  %s\n", width, databaseWithServer(d), state)
	}
}

// databaseWithServer names a database with its server when it has one,
// since two databases may share a name.
func databaseWithServer(d layout.Database) string {
	s := printable(DatabaseLabel(d))
	if d.ServerName != "" {
		s += " (" + printable(d.ServerName) + ")"
	}
	return s
}
