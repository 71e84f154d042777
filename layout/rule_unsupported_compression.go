package layout

import (
	"fmt"

	"github.com/baklint/baklint/bakhdr"
)

var ruleUnsupportedCompression = Rule{
	ID:        "unsupported-compression",
	Severity:  Error,
	Rationale: "A backup compressed with QAT_DEFLATE (SQL Server 2022, needs Intel QAT offload configured on the restoring server) or ZSTD (SQL Server 2025) restores only where that algorithm can be read. Read from the header's compression algorithm; the decoder recognises only XPRESS so far (no QAT or ZSTD sample), so none is reported until it does.",
	Link:      docCompress,
	KeepsFile: true,
	Check:     checkUnsupportedCompression,
}

// compressionNeeds is, per compression_algorithm of SPEC §6b, the first
// SQL Server major version that reads it, and whether it needs a server
// the customer configures: QAT_DEFLATE restores only with hardware offload
// enabled for QAT (ALTER SERVER CONFIGURATION SET HARDWARE_OFFLOAD), which
// a VM allows and a Managed Instance does not.
var compressionNeeds = map[string]struct {
	major       int
	name        string
	offloadOnly bool
}{
	"qat":  {16, "QAT_DEFLATE", true},
	"zstd": {17, "ZSTD", false},
}

// checkUnsupportedCompression reports each backup file whose header names
// an algorithm the target cannot read. It relies on the header's
// compression_algorithm alone; the decoder has no QAT or ZSTD sample and
// so far reports only "xpress" (docs/backup-file-list.md §4), so this rule
// fires once it does. The target "any" has no engine and is silent, like
// version-too-new.
func checkUnsupportedCompression(c *Context) {
	if c.Target.Major == 0 && !c.Target.LRS {
		return
	}
	unsupportedCompression(c)
}

var unsupportedCompression = headerCheck(func(c *Context, _ FileInfo, h *bakhdr.Header) (message, remedy string) {
	need, ok := compressionNeeds[h.CompressionAlgorithm]
	switch {
	case !ok:
		return "", ""
	case need.offloadOnly && c.Target.LRS:
		return fmt.Sprintf("compressed with %s, which Managed Instance cannot read (it offers no Intel QAT offload)", need.name),
			"take a new backup with the default compression (WITH COMPRESSION (ALGORITHM = MS_XPRESS)) and migrate from it; or restore on a SQL Server 2022 or later VM with QAT offload enabled (--target vm-2022)"
	case c.Target.Major != 0 && c.Target.Major < need.major:
		remedy := fmt.Sprintf("take a new backup with the default compression (WITH COMPRESSION (ALGORITHM = MS_XPRESS)) and migrate from it; or restore on %s or later", sqlServerYear(need.major))
		if c.Target.LRS {
			remedy += fmt.Sprintf(" (the update policy of --target %s)", JoinOr(policyTargetsFor(c.Target, need.major)))
		}
		return fmt.Sprintf("compressed with %s, which %s cannot read; target %s runs %s", need.name, sqlServerYear(c.Target.Major), c.Target.Name, sqlServerYear(c.Target.Major)),
			remedy
	}
	return "", ""
})
