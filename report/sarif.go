package report

import (
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/baklint/baklint/blobscan"
	"github.com/baklint/baklint/layout"
)

// The SARIF types are written out rather than taken from a library: the
// report needs fifteen fields, and the Go SARIF libraries pull a JSON-schema
// validator into every binary at run time. The test validates the output
// against the official 2.1.0 schema instead.

const (
	sarifVersion = "2.1.0"
	sarifSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	toolURI      = "https://github.com/baklint/baklint"
	srcRoot      = "SRCROOT"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                   `json:"tool"`
	OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult               `json:"results"`
	Properties         map[string]string           `json:"properties,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string          `json:"id"`
	ShortDescription     sarifText       `json:"shortDescription"`
	FullDescription      sarifText       `json:"fullDescription"`
	Help                 sarifText       `json:"help"`
	HelpURI              string          `json:"helpUri,omitempty"`
	DefaultConfiguration sarifConfig     `json:"defaultConfiguration"`
	Properties           *sarifRuleProps `json:"properties,omitempty"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Targets []string `json:"targets"`
}

type sarifResult struct {
	RuleID     string            `json:"ruleId"`
	RuleIndex  int               `json:"ruleIndex"`
	Level      string            `json:"level"`
	Message    sarifText         `json:"message"`
	Locations  []sarifLocation   `json:"locations"`
	Properties map[string]string `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
}

type sarifArtifactLoc struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

// ruleDoc is what a SARIF descriptor needs to know about a rule.
type ruleDoc struct {
	ID        string
	Severity  layout.Severity
	Targets   []string
	Rationale string
	Link      string
}

// SARIF writes one SARIF 2.1.0 run: a descriptor per rule, a result per
// finding located at the blob's URL (SAS stripped) or the local file's path.
func SARIF(w io.Writer, res *layout.Result, meta Meta) error {
	fs := sortedFindings(res.Findings)
	rules := sarifRules(ruleDocs(meta), fs)
	index := map[string]int{}
	for i, r := range rules {
		index[r.ID] = i
	}
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name: ToolName, Version: meta.Version, InformationURI: toolURI, Rules: rules,
		}},
		Results: []sarifResult{},
	}
	if res.Target != "" {
		run.Properties = map[string]string{"target": res.Target}
	}
	loc := newLocator(res.Location)
	if loc.base != "" {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLoc{srcRoot: {URI: loc.base}}
	}
	for _, f := range fs {
		msg := f.Message
		if f.Remedy != "" {
			if !strings.HasSuffix(msg, ".") {
				msg += "."
			}
			msg += " Fix: " + f.Remedy
		}
		r := sarifResult{
			RuleID: f.Rule, RuleIndex: index[f.Rule], Level: sarifLevel(f.Severity),
			Message:   sarifText{Text: msg},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: loc.locate(f)}}},
		}
		if f.Database != "" {
			r.Properties = map[string]string{"database": f.Database}
		}
		run.Results = append(run.Results, r)
	}
	return writeJSON(w, sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}

func sarifLevel(s layout.Severity) string {
	switch s {
	case layout.Error:
		return "error"
	case layout.Warning:
		return "warning"
	default:
		return "note"
	}
}

// sarifRules describes every known rule, plus any rule a finding names that
// the rule set does not (so every result has a descriptor), sorted by ID.
func sarifRules(docs []ruleDoc, fs []layout.Finding) []sarifRule {
	known := map[string]bool{}
	for _, d := range docs {
		known[d.ID] = true
	}
	for _, f := range fs {
		if !known[f.Rule] {
			known[f.Rule] = true
			docs = append(docs, ruleDoc{ID: f.Rule, Severity: f.Severity})
		}
	}
	sort.SliceStable(docs, func(i, j int) bool { return docs[i].ID < docs[j].ID })
	out := make([]sarifRule, 0, len(docs))
	for _, d := range docs {
		// A rule the registry does not know gets only its ID: claiming
		// which targets it applies to would be a guess.
		short, full := d.ID, d.ID
		if d.Rationale != "" {
			applies := "all targets"
			if len(d.Targets) > 0 {
				applies = strings.Join(d.Targets, ", ")
			}
			short = d.Rationale
			full = strings.TrimSuffix(d.Rationale, ".") + ". Applies to " + applies + "."
		}
		help := full
		md := "**" + d.ID + "**: " + full
		if d.Link != "" {
			help += " See " + d.Link
			md += " See [the documentation](" + d.Link + ")."
		}
		r := sarifRule{
			ID:                   d.ID,
			ShortDescription:     sarifText{Text: short},
			FullDescription:      sarifText{Text: full},
			Help:                 sarifText{Text: help, Markdown: md},
			HelpURI:              d.Link,
			DefaultConfiguration: sarifConfig{Level: sarifLevel(d.Severity)},
		}
		if len(d.Targets) > 0 {
			r.Properties = &sarifRuleProps{Targets: d.Targets}
		}
		out = append(out, r)
	}
	return out
}

// locator turns finding paths into SARIF artifact locations.
type locator struct {
	root string // container (or account) URL for blob sources
	base string // file URI of an absolute local source, for SRCROOT
}

// Paths count from the container root even when the source names a
// prefix, so the prefix goes; an account-wide source has no container, and
// its root is the account.
func newLocator(loc blobscan.Location) locator {
	switch loc.Kind {
	case blobscan.KindContainer:
		return locator{root: loc.ContainerURL(loc.Container)}
	case blobscan.KindAccount:
		return locator{root: strings.TrimSuffix(loc.ServiceURL(), "/")}
	}
	if source := loc.Path; loc.Kind == blobscan.KindLocal && filepath.IsAbs(source) {
		p := filepath.ToSlash(source)
		if !strings.HasPrefix(p, "/") {
			p = "/" + p // a Windows drive path
		}
		return locator{base: "file://" + escapePath(strings.TrimSuffix(p, "/")) + "/"}
	}
	return locator{}
}

func (l locator) locate(f layout.Finding) sarifArtifactLoc {
	p := fullPath(f.Container, f.Path)
	if l.root != "" {
		if p == "" {
			return sarifArtifactLoc{URI: l.root}
		}
		return sarifArtifactLoc{URI: l.root + "/" + escapePath(p)}
	}
	uri := escapePath(p)
	// A colon in the first segment would read as a URI scheme.
	if uri == "" || strings.Contains(strings.SplitN(uri, "/", 2)[0], ":") {
		uri = "./" + uri
	}
	return sarifArtifactLoc{URI: uri, URIBaseID: srcRoot}
}
