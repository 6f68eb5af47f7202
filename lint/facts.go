package lint

import (
	"sync"

	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/model"
)

// Facts are the views of the project that several rules need: the model
// project/ built (catalog, pipelines, MLproject, declarations; shared with
// the plan compiler) and lint's own views over it, each computed once.
// Add a field and a lazy getter here rather than recomputing in each rule.
// Rules run concurrently, so each getter builds its view under a sync.Once.
type Facts struct {
	Project *config.Project
	Model   *model.Model

	pipelinesOnce sync.Once
	pipelines     *PipelineFacts // facts_pipelines.go
	catalog       catalogFacts   // facts_catalog.go
	datasets      datasetFacts   // dataset_facts.go
	schemas       projectSchemas // facts_schemas.go
}

// NewFacts prepares lint's views of m.
func NewFacts(m *model.Model) *Facts { return &Facts{Project: m.Project, Model: m} }
