package fix

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/errclass"
)

// checksum is the SHA-256 of the plan's JSON with plan_sha256 empty. It
// turns an accidental or careless edit into a refusal: the executor runs a
// plan exactly as reviewed or not at all.
func (d *PlanDoc) checksum() string {
	c := *d
	c.PlanSHA256 = ""
	b, err := json.Marshal(&c)
	if err != nil {
		panic(err) // only plain fields: cannot fail
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Seal sets the plan's checksum; WritePlan calls it.
func (d *PlanDoc) Seal() { d.PlanSHA256 = d.checksum() }

// WritePlan writes the sealed plan as indented JSON.
func WritePlan(w io.Writer, d *PlanDoc) error {
	d.Seal()
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}

// SavePlan writes the plan to file, replacing it atomically.
func SavePlan(file string, d *PlanDoc) error {
	var buf bytes.Buffer
	if err := WritePlan(&buf, d); err != nil {
		return err
	}
	tmp := file + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write plan %s: %w (check the folder exists and is writable)", file, err)
	}
	if err := os.Rename(tmp, file); err != nil {
		return fmt.Errorf("write plan %s: %w", file, err)
	}
	return nil
}

// LoadPlan reads and checks a saved plan. Every refusal wraps
// errclass.BadInput (exit 2) and names the file.
func LoadPlan(file string) (*PlanDoc, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, errclass.Errorf(errclass.BadInput, "read plan %s: %w", file, err)
	}
	d, err := ParsePlan(b)
	if err != nil {
		return nil, fmt.Errorf("plan %s: %w", file, err)
	}
	return d, nil
}

// ParsePlan decodes and validates plan JSON.
func ParsePlan(b []byte) (*PlanDoc, error) {
	bad := func(format string, a ...any) error {
		return errclass.Errorf(errclass.BadInput, "%s", fmt.Sprintf(format, a...))
	}
	var probe struct {
		SchemaVersion *int `json:"schema_version"`
	}
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, bad("not a baklint plan (not JSON: %v); make one with baklint fix --plan FILE", err)
	}
	if probe.SchemaVersion == nil {
		return nil, bad("not a baklint plan (no schema_version); make one with baklint fix --plan FILE")
	}
	if *probe.SchemaVersion != SchemaVersion {
		return nil, bad("schema_version %d is not supported (this baklint reads %d); plan again with this version", *probe.SchemaVersion, SchemaVersion)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var d PlanDoc
	if err := dec.Decode(&d); err != nil {
		return nil, bad("malformed plan: %v; plan again", err)
	}
	if d.PlanSHA256 == "" {
		return nil, bad("the plan has no plan_sha256; plan again with baklint fix --plan FILE")
	}
	if d.checksum() != d.PlanSHA256 {
		return nil, bad("the plan was edited after planning (checksum mismatch); plan again instead of editing it")
	}
	seen := map[string]bool{}
	for i, m := range d.Moves {
		if why := ValidDestPath(m.To); why != "" {
			return nil, bad("move %d: destination %q %s", i+1, m.To, why)
		}
		if m.From == "" || m.ETag == "" || m.Size < 0 {
			return nil, bad("move %d (%s): missing from, etag or size", i+1, m.To)
		}
		switch m.ToType {
		case "", blobscan.BlockBlob, blobscan.PageBlob, blobscan.AppendBlob:
		default:
			return nil, bad("move %d (%s): unknown to_type %q", i+1, m.To, m.ToType)
		}
		if m.ToType == blobscan.PageBlob && m.Size%512 != 0 {
			return nil, bad("move %d (%s): size %d cannot be a page blob", i+1, m.To, m.Size)
		}
		if seen[m.To] {
			return nil, bad("two moves write %s", m.To)
		}
		seen[m.To] = true
	}
	if d.Moves == nil {
		d.Moves = []Move{}
	}
	return &d, nil
}

// IsBadInput reports whether err is a plan or usage problem (exit 2).
func IsBadInput(err error) bool { return errors.Is(err, errclass.BadInput) }
