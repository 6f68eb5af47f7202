package cli

import (
	"github.com/kfc-dev/kfc/schema"
)

// schemaSources are the JSON Schemas `kfc schema` prints, generated from
// the embedded CUE definitions.
var schemaSources = map[string]func() ([]byte, error){
	"plan":      schema.PlanJSONSchema,
	"manifest":  schema.ManifestJSONSchema,
	"pipelines": schema.PipelinesJSONSchema,
	"mlproject": schema.MLprojectJSONSchema,
}

// SchemaCmd is `kfc schema NAME`.
type SchemaCmd struct {
	Name string `arg:"" enum:"plan,manifest,pipelines,mlproject" help:"plan (the run plan kfc build writes), manifest (the record kfc exec writes of each run), pipelines (kfc's pipelines files) or mlproject (MLflow's MLproject file)."`
}

func (c *SchemaCmd) Run(e *env) error {
	b, err := schemaSources[c.Name]()
	if err != nil {
		return err
	}
	_, err = e.stdout.Write(b)
	return err
}
