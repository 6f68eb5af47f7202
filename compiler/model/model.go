// Package model is a loaded project's model: its catalog, its declarative
// pipelines expanded and checked, its MLproject and its declarations to
// kfc (dataset types, kfc/*.cue). project/ builds it once per run; lint's
// rules and the plan compiler read the same one. Each part is built on
// first use, once, and is safe to share between goroutines (rules run in
// parallel). The problems met building a part are kept by code: lint
// gives them their rules, so build refuses on what vet reports.
package model

import (
	"sort"
	"sync"

	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/mlproject"
	"github.com/kfc-dev/kfc/compiler/pipeline"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// Model is the model of one loaded project.
type Model struct {
	Project *config.Project

	catalogOnce sync.Once
	cat         *catalog.Catalog
	catProblems byCode

	mlOnce     sync.Once
	ml         *mlproject.Project
	mlProblems byCode

	pipelinesOnce sync.Once
	pipelines     *PipelineSet

	declOnce sync.Once
	decl     *Declarations
}

// New prepares the model of proj; nothing is built yet.
func New(proj *config.Project) *Model { return &Model{Project: proj} }

// byCode holds problems by their code.
type byCode map[diag.Code][]diag.Diagnostic

func group(diags *diag.List) byCode {
	out := byCode{}
	for _, d := range diags.Items() {
		out[d.Code] = append(out[d.Code], d)
	}
	return out
}

// Catalog is the catalog model of the project's merged `catalog` config
// (an empty catalog when the project has none). The credentials config is
// handed to catalog.New for its names only; its values are secrets and are
// never read or printed.
func (m *Model) Catalog() *catalog.Catalog {
	m.catalogOnce.Do(func() {
		var diags diag.List
		var merged, creds *tree.Node
		if m.Project != nil {
			merged, creds = m.Project.Get("catalog"), m.Project.Get("credentials")
		}
		m.cat = catalog.New(merged, creds, &diags)
		m.catProblems = group(&diags)
	})
	return m.cat
}

// CatalogProblems are what catalog.New reported of kind code.
func (m *Model) CatalogProblems(code diag.Code) []diag.Diagnostic {
	m.Catalog()
	return m.catProblems[code]
}

// MLproject is the parsed MLproject file, nil when the project has none.
func (m *Model) MLproject() *mlproject.Project {
	m.mlOnce.Do(func() {
		m.mlProblems = byCode{}
		if m.Project == nil || m.Project.MLproject == nil {
			return
		}
		var diags diag.List
		m.ml = mlproject.Parse(m.Project.MLproject, &diags)
		m.mlProblems = group(&diags)
	})
	return m.ml
}

// MLprojectProblems are what mlproject.Parse reported of kind code.
func (m *Model) MLprojectProblems(code diag.Code) []diag.Diagnostic {
	m.MLproject()
	return m.mlProblems[code]
}

// PipelineSet is the project's declarative pipelines, every one of them
// expanded and checked.
type PipelineSet struct {
	// Present: the project has a pipelines config with at least one
	// pipeline. Without one (pipelines in Python), the rules that compare
	// pipelines with the catalog and parameters stay quiet.
	Present  bool
	Registry *pipeline.Registry
	// Pipelines are the expanded definitions, sorted by name; broken ones are absent.
	Pipelines []*pipeline.Pipeline
	// Complete: every definition expanded, so "no pipeline uses X" is true.
	Complete bool

	problems byCode // Parse, Expand and Check problems
}

// Problems are what compiler/pipeline reported of kind code.
func (p *PipelineSet) Problems(code diag.Code) []diag.Diagnostic { return p.problems[code] }

// Pipelines parses, expands and checks the project's pipelines once.
func (m *Model) Pipelines() *PipelineSet {
	m.pipelinesOnce.Do(func() {
		pf := &PipelineSet{Complete: true}
		var diags diag.List
		pf.Registry = pipeline.Parse(m.Project.Get("pipelines"), &diags)
		names := pf.Registry.Names()
		sort.Strings(names)
		pf.Present = len(names) > 0
		for _, p := range pf.Registry.ExpandEach(names, &diags) {
			if p == nil {
				pf.Complete = false
				continue
			}
			pipeline.Check(p, &diags)
			pf.Pipelines = append(pf.Pipelines, p)
		}
		pf.problems = group(&diags)
		m.pipelines = pf
	})
	return m.pipelines
}
