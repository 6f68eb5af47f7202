package cli

import (
	"os"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/lint/report"
	"github.com/kfc-dev/kfc/project"
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

// SchemaCmd is `kfc schema NAME`, and `kfc schema parameters [DIR]`.
type SchemaCmd struct {
	Name    string `arg:"" enum:"plan,manifest,pipelines,mlproject,parameters" help:"plan (the run plan kfc build writes), manifest (the record kfc exec writes of each run), pipelines (kfc's pipelines files), mlproject (MLflow's MLproject file) or parameters (the project's #Parameters in kfc/*.cue, docs/parameters.md)."`
	Dir     string `arg:"" optional:"" name:"project" help:"With parameters: the project directory (default: found from the working directory)."`
	Partial bool   `help:"With parameters: require no key, for an editor that checks each parameters file alone (Kedro merges them)."`
}

func (c *SchemaCmd) Run(e *env) error {
	if c.Name == "parameters" {
		return c.parameters(e)
	}
	if c.Dir != "" || c.Partial {
		return usageErr("kfc schema %s takes no project directory or --partial (only kfc schema parameters does)", c.Name)
	}
	b, err := schemaSources[c.Name]()
	if err != nil {
		return err
	}
	_, err = e.stdout.Write(b)
	return err
}

// parameters prints the JSON Schema of the project's #Parameters. Problems
// in kfc/*.cue are printed as kfc vet prints them (exit 1).
func (c *SchemaCmd) parameters(e *env) error {
	dir := c.Dir
	if dir == "" {
		dir = findProjectRoot(e.cwd)
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return usageErr("%s is not a project directory", dir)
	}
	s, problems, err := project.Schemas(dir)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		items := project.Relativize(problems, dir, e.cwd)
		report.Text(e.stderr, items, nil, report.TextOptions{})
		for _, d := range items {
			if d.Severity == diag.Error {
				return &exitError{code: ExitFindings}
			}
		}
	}
	b, err := s.ParametersJSONSchema(c.Partial)
	if err != nil {
		return &exitError{code: ExitFindings, msg: err.Error()}
	}
	_, err = e.stdout.Write(b)
	return err
}
