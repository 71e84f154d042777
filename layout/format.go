package layout

import (
	"fmt"
	"strconv"
	"strings"
)

// maxListed caps the names a message lists, so one line stays one line.
const maxListed = 10

// joinLimited joins items with ", ", listing at most maxListed of them.
func joinLimited(items []string) string {
	if len(items) <= maxListed {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:maxListed], ", ") + fmt.Sprintf(" and %d more", len(items)-maxListed)
}

// sqlServerYear names the SQL Server release of a header major version.
func sqlServerYear(major int) string {
	switch major {
	case 8:
		return "SQL Server 2000"
	case 9:
		return "SQL Server 2005"
	case 10:
		return "SQL Server 2008"
	case 11:
		return "SQL Server 2012"
	case 12:
		return "SQL Server 2014"
	case 13:
		return "SQL Server 2016"
	case 14:
		return "SQL Server 2017"
	case 15:
		return "SQL Server 2019"
	case 16:
		return "SQL Server 2022"
	case 17:
		return "SQL Server 2025"
	}
	return "SQL Server version " + strconv.Itoa(major)
}

// majorVersion returns the major part of "15.0.2080", or 0.
func majorVersion(v string) int {
	head, _, _ := strings.Cut(v, ".")
	n, err := strconv.Atoi(head)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// Plural writes "1 file", "2 files": the one pluralizer of every message
// and report.
func Plural(n int, noun string) string { return plural(n, noun) }

// HumanBytes writes a size in binary units, as SQL Server and the Azure
// portal do: "512 B", "1.5 KiB", "3.0 GiB".
func HumanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit && exp < 5; m /= unit {
		div *= unit
		exp++
	}
	return strconv.FormatFloat(float64(n)/float64(div), 'f', 1, 64) + " " + string("KMGTPE"[exp]) + "iB"
}

// plural writes "1 file", "2 files".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "ch") {
		return strconv.Itoa(n) + " " + noun + "es" // batches
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// JoinOr writes "a", "a or b", "a, b or c": the one list of alternatives in
// messages and help texts.
func JoinOr(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}
