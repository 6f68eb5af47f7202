package recorder

import (
	"github.com/kfc-dev/kfc/compiler/tree"
)

// MLflowConfig is what kfc reads from kedro-mlflow's mlflow.yml (2.x
// keys and defaults; kfc vet checks the file's shape).
type MLflowConfig struct {
	TrackingURI       string   // server.mlflow_tracking_uri ("" when null)
	Credentials       string   // server.credentials: a credentials.yml key whose entries go to the environment
	DisabledPipelines []string // tracking.disable_tracking.pipelines
	Experiment        string   // tracking.experiment.name ("" when absent)
	ArtifactLocation  string   // tracking.experiment.create_experiment_kwargs.artifact_location
	ExperimentTags    map[string]string
	RunName           string // tracking.run.name
	Nested            bool   // tracking.run.nested, default true
	Params            ParamsConfig
}

// ConfigFrom reads the merged mlflow configuration (config key "mlflow";
// nil when the project has no mlflow.yml, giving kedro-mlflow's defaults).
// Values of the wrong type keep the default: vet reports them.
func ConfigFrom(n *tree.Node) MLflowConfig {
	c := MLflowConfig{Nested: true, Params: DefaultParamsConfig()}
	str := func(dst *string, path ...string) {
		if v := n.Lookup(path...); v != nil && v.Kind == tree.String {
			*dst = v.Text
		}
	}
	boolean := func(dst *bool, path ...string) {
		if v := n.Lookup(path...); v != nil && v.Kind == tree.Bool {
			*dst = v.Bool
		}
	}
	if n == nil {
		return c
	}
	str(&c.TrackingURI, "server", "mlflow_tracking_uri")
	str(&c.Credentials, "server", "credentials")
	if l := n.Lookup("tracking", "disable_tracking", "pipelines"); l != nil && l.Kind == tree.Seq {
		for _, it := range l.Items {
			if it.Kind == tree.String {
				c.DisabledPipelines = append(c.DisabledPipelines, it.Text)
			}
		}
	}
	str(&c.Experiment, "tracking", "experiment", "name")
	str(&c.ArtifactLocation, "tracking", "experiment", "create_experiment_kwargs", "artifact_location")
	if m := n.Lookup("tracking", "experiment", "create_experiment_kwargs", "tags"); m != nil && m.Kind == tree.Map {
		c.ExperimentTags = map[string]string{}
		for _, p := range m.Pairs {
			c.ExperimentTags[p.Key] = p.Value.Text
		}
	}
	str(&c.RunName, "tracking", "run", "name")
	boolean(&c.Nested, "tracking", "run", "nested")
	boolean(&c.Params.Flatten, "tracking", "params", "dict_params", "flatten")
	boolean(&c.Params.Recursive, "tracking", "params", "dict_params", "recursive")
	str(&c.Params.Sep, "tracking", "params", "dict_params", "sep")
	str(&c.Params.LongParamsStrategy, "tracking", "params", "long_params_strategy")
	return c
}
