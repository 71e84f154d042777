package report

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/baklint/baklint/layout"
)

// ToolName is what every format calls the tool.
const ToolName = "baklint"

// SchemaVersion is the version of the report and inventory JSON (SPEC §6).
const SchemaVersion = 1

// Meta is what a report needs beyond the Result.
type Meta struct {
	Version string // tool version, e.g. "1.2.0" or "dev"
	// Window is the cutover window the migration batches must fit in; zero
	// means only DMS's limit of 100 databases per batch applies.
	Window time.Duration
	// Rules describe the rule set to SARIF and HTML readers (descriptors,
	// documentation links); nil means layout.Rules().
	Rules []layout.Rule
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// jsonReport is SPEC §6 field for field; Batches is the one addition.
type jsonReport struct {
	SchemaVersion int                   `json:"schema_version"`
	Tool          jsonTool              `json:"tool"`
	Source        string                `json:"source"`
	Target        string                `json:"target"`
	Inventory     layout.InventoryStats `json:"inventory"`
	Databases     []layout.Database     `json:"databases"`
	Findings      []layout.Finding      `json:"findings"`
	Summary       layout.Summary        `json:"summary"`
	Batches       []Batch               `json:"batches"`
}

// JSON writes the report of SPEC §6: arrays never null, findings sorted by
// path then rule, no SAS in the source.
func JSON(w io.Writer, res *layout.Result, meta Meta) error {
	fs := sortedFindings(res.Findings)
	dbs := sortedDatabases(res.Databases)
	rep := jsonReport{
		SchemaVersion: SchemaVersion,
		Tool:          jsonTool{Name: ToolName, Version: meta.Version},
		Source:        cleanSource(res.Source),
		Target:        res.Target,
		Inventory:     res.Inventory,
		Databases:     dbs,
		Findings:      fs,
		Summary:       res.Summary,
		Batches:       Batches(dbs, meta.Window),
	}
	return writeJSON(w, rep)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("writing JSON report: %w", err)
	}
	return nil
}
