// Package config reads baklint.yaml (SPEC §11): the defaults a team keeps
// next to its backups, so that every run of lint and fix uses the same
// target, fail-on level, rule severities and path excludes. It only reads
// and checks the file; the CLI decides precedence (flag > file > default)
// and package layout applies the result.
package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"go.yaml.in/yaml/v3"

	"github.com/baklint/baklint/errclass"
	"github.com/baklint/baklint/layout"
)

// Names are the files looked for in the current folder, in this order.
var Names = []string{"baklint.yaml", ".baklint.yaml"}

// Value is one setting from the file and the line it is on (0: not set).
type Value struct {
	Value string
	Line  int
}

// Set reports whether the file gave the value.
func (v Value) Set() bool { return v.Line > 0 }

// Rule is one entry of the rules section.
type Rule struct {
	ID       string
	Severity string // off, info, warning or error
	Line     int
}

// File is a parsed, checked configuration file.
type File struct {
	Path    string
	Target  Value
	FailOn  Value
	Rules   []Rule  // in file order
	Exclude []Value // glob patterns, relative to the container root
}

// Find returns the configuration file of dir, or "" when it has none.
// Both names at once is refused: which one counts would be a guess.
func Find(dir string) (string, error) {
	var found []string
	for _, n := range Names {
		p := filepath.Join(dir, n)
		fi, err := os.Stat(p)
		switch {
		case err == nil && !fi.IsDir():
			found = append(found, p)
		case err != nil && !errors.Is(err, fs.ErrNotExist):
			return "", errclass.Errorf(errclass.BadInput, "config %s: %w", p, err)
		}
	}
	if len(found) > 1 {
		return "", errclass.Errorf(errclass.BadInput, "both %s and %s exist: keep one (or name one with --config)", found[0], found[1])
	}
	if len(found) == 0 {
		return "", nil
	}
	return found[0], nil
}

// Load reads and checks the file at path.
func Load(path string) (*File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, errclass.Errorf(errclass.BadInput, "config %s does not exist: check --config", path)
		}
		return nil, errclass.Errorf(errclass.BadInput, "config %s: %w", path, err)
	}
	return Parse(path, b)
}

// Severities a rule can be set to; "off" disables it.
var Severities = []string{"off", "info", "warning", "error"}

// FailOns are the values of fail-on, as for --fail-on.
var FailOns = []string{"error", "warning", "info", "never"}

// Parse checks data, read from name. Every error is bad input naming the
// file and line: name:LINE: what is wrong and what would be right.
func Parse(name string, data []byte) (*File, error) {
	f := &File{Path: name}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, syntaxError(name, err)
	}
	if len(doc.Content) == 0 {
		return f, nil // an empty file sets nothing
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, lineError(name, root.Line, "the file must be a mapping of target, fail-on, rules and exclude")
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if prev, dup := seen[k.Value]; dup {
			return nil, lineError(name, k.Line, "%q is set twice (first on line %d)", k.Value, prev)
		}
		seen[k.Value] = k.Line
		var err error
		switch k.Value {
		case "target":
			f.Target, err = scalar(name, k, v)
			if err == nil {
				if _, terr := layout.LookupTarget(f.Target.Value); terr != nil {
					err = lineError(name, v.Line, "unknown target %q: use one of %s", f.Target.Value, strings.Join(layout.TargetNames(), ", "))
				}
			}
		case "fail-on":
			f.FailOn, err = scalar(name, k, v)
			if err == nil && !slices.Contains(FailOns, f.FailOn.Value) {
				err = lineError(name, v.Line, "unknown fail-on %q: use %s", f.FailOn.Value, strings.Join(FailOns, ", "))
			}
		case "rules":
			f.Rules, err = rules(name, v)
		case "exclude":
			f.Exclude, err = excludes(name, v)
		default:
			err = lineError(name, k.Line, "unknown key %q: use target, fail-on, rules or exclude", k.Value)
		}
		if err != nil {
			return nil, err
		}
	}
	return f, nil
}

func scalar(name string, k, v *yaml.Node) (Value, error) {
	if v.Kind != yaml.ScalarNode || v.Value == "" {
		return Value{}, lineError(name, v.Line, "%s needs a single value", k.Value)
	}
	return Value{Value: v.Value, Line: v.Line}, nil
}

func rules(name string, v *yaml.Node) ([]Rule, error) {
	if v.Kind != yaml.MappingNode {
		return nil, lineError(name, v.Line, "rules must map rule IDs to off, info, warning or error")
	}
	var out []Rule
	seen := map[string]int{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		id, sev := v.Content[i], v.Content[i+1]
		if _, ok := layout.LookupRule(id.Value); !ok {
			return nil, lineError(name, id.Line, "unknown rule %q: baklint rules lists them", id.Value)
		}
		if prev, dup := seen[id.Value]; dup {
			return nil, lineError(name, id.Line, "rule %s is set twice (first on line %d)", id.Value, prev)
		}
		seen[id.Value] = id.Line
		if sev.Kind != yaml.ScalarNode || !slices.Contains(Severities, sev.Value) {
			return nil, lineError(name, sev.Line, "unknown severity %q for %s: use off, info, warning or error", sev.Value, id.Value)
		}
		out = append(out, Rule{ID: id.Value, Severity: sev.Value, Line: id.Line})
	}
	return out, nil
}

func excludes(name string, v *yaml.Node) ([]Value, error) {
	if v.Kind != yaml.SequenceNode {
		return nil, lineError(name, v.Line, `exclude must be a list of glob patterns, e.g. - "archive/**"`)
	}
	var out []Value
	for _, p := range v.Content {
		if p.Kind != yaml.ScalarNode || p.Value == "" {
			return nil, lineError(name, p.Line, "an exclude entry must be one glob pattern")
		}
		if !doublestar.ValidatePattern(p.Value) {
			return nil, lineError(name, p.Line, "exclude pattern %q is not a valid glob", p.Value)
		}
		if strings.HasPrefix(p.Value, "/") {
			return nil, lineError(name, p.Line, "exclude pattern %q starts with /: patterns are relative to the container root", p.Value)
		}
		out = append(out, Value{Value: p.Value, Line: p.Line})
	}
	return out, nil
}

// Excludes reports whether path (relative to the container root, with /)
// matches one of the file's exclude patterns.
func (f *File) Excludes(path string) bool {
	for _, p := range f.Exclude {
		if ok, _ := doublestar.Match(p.Value, path); ok {
			return true
		}
	}
	return false
}

func lineError(name string, line int, format string, a ...any) error {
	return errclass.Errorf(errclass.BadInput, "%s:%d: "+format, append([]any{name, line}, a...)...)
}

// yamlLine finds the line number in a YAML library message such as
// "yaml: line 3: mapping values are not allowed in this context". The
// library leaves "line N" out when the error lies on the first line (it
// prints only a non-zero line index), so a message without one is line 1.
var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

func syntaxError(name string, err error) error {
	msg := strings.Join(strings.Fields(err.Error()), " ")
	line := 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		if m[1] != "" {
			line, _ = strconv.Atoi(m[1])
		}
		msg = m[2]
	}
	return lineError(name, line, "not valid YAML: %s", msg)
}
