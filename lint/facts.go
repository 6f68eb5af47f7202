package lint

import (
	"sync"

	"github.com/kfc-dev/kfc/compiler/config"
)

// Facts are views of the project that several rules need, computed once.
// Add a field and a lazy getter here rather than recomputing in each rule.
// Rules run concurrently, so each getter builds its view under a sync.Once.
type Facts struct {
	Project *config.Project

	pipelinesOnce sync.Once
	pipelines     *PipelineFacts // facts_pipelines.go
	catalog       catalogFacts   // facts_catalog.go
	datasets      datasetFacts   // dataset_facts.go
	mlproject     mlprojectFacts // facts_mlproject.go
	schemas       projectSchemas // facts_schemas.go
}

// NewFacts prepares the shared views of proj.
func NewFacts(proj *config.Project) *Facts { return &Facts{Project: proj} }
