package report

import (
	"encoding/json"
	"io"
	"sort"

	"github.com/kfc-dev/kfc/compiler/diag"
)

// RuleInfo describes a rule for formats that carry rule metadata (SARIF).
type RuleInfo struct {
	Name     string
	Doc      string
	Severity diag.Severity
}

// Tool names the producer in SARIF output.
type Tool struct {
	Name, Version, InformationURI string
}

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string       `json:"id"`
	ShortDescription     sarifMessage `json:"shortDescription"`
	DefaultConfiguration sarifConfig  `json:"defaultConfiguration"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID           string          `json:"ruleId"`
	RuleIndex        int             `json:"ruleIndex"`
	Level            string          `json:"level"`
	Message          sarifMessage    `json:"message"`
	Locations        []sarifLocation `json:"locations"`
	RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
}

type sarifLocation struct {
	ID               *int          `json:"id,omitempty"`
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
	Message          *sarifMessage `json:"message,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

func sarifLevel(s diag.Severity) string {
	switch s {
	case diag.Error:
		return "error"
	case diag.Warning:
		return "warning"
	}
	return "note"
}

func sarifLoc(p diag.Pos) sarifPhysical {
	ph := sarifPhysical{ArtifactLocation: sarifArtifact{URI: p.File}}
	if p.Line > 0 {
		ph.Region = &sarifRegion{StartLine: p.Line, StartColumn: p.Col}
	}
	return ph
}

// SARIF writes a SARIF 2.1.0 log with one run. Every rule is listed so code
// scanning can show the documentation of rules that found nothing yet.
func SARIF(w io.Writer, ds []diag.Diagnostic, rules []RuleInfo, tool Tool) error {
	rules = append([]RuleInfo(nil), rules...)
	sort.Slice(rules, func(i, j int) bool { return rules[i].Name < rules[j].Name })
	index := map[string]int{}
	driver := sarifDriver{Name: tool.Name, Version: tool.Version, InformationURI: tool.InformationURI, Rules: []sarifRule{}}
	addRule := func(r RuleInfo) {
		index[r.Name] = len(driver.Rules)
		driver.Rules = append(driver.Rules, sarifRule{ID: r.Name, ShortDescription: sarifMessage{Text: r.Doc}, DefaultConfiguration: sarifConfig{Level: sarifLevel(r.Severity)}})
	}
	for _, r := range rules {
		addRule(r)
	}
	results := []sarifResult{}
	for _, d := range ds {
		if _, ok := index[d.Rule]; !ok {
			addRule(RuleInfo{Name: d.Rule, Doc: d.Rule, Severity: d.Severity})
		}
		res := sarifResult{
			RuleID: d.Rule, RuleIndex: index[d.Rule], Level: sarifLevel(d.Severity),
			Message:   sarifMessage{Text: d.Message},
			Locations: []sarifLocation{{PhysicalLocation: sarifLoc(d.Pos)}},
		}
		for i, n := range d.Notes {
			id := i + 1
			res.RelatedLocations = append(res.RelatedLocations, sarifLocation{ID: &id, PhysicalLocation: sarifLoc(n.Pos), Message: &sarifMessage{Text: n.Message}})
		}
		results = append(results, res)
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{{Tool: sarifTool{Driver: driver}, Results: results}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}
