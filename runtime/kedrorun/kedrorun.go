// Package kedrorun runs a plan's `kedro:` node: one process of the
// project's Python on an embedded runner script that gets everything it
// needs as JSON on standard input (never on its command line), builds the
// datasets with Kedro's own classes, calls the function through Kedro's
// own Node and saves the outputs (docs/kedro.md#what-runs-where).
package kedrorun

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/runtime/internal/atomicfile"
)

//go:embed runner.py
var runnerScript []byte

// ScriptName is the runner's file name in a run folder.
const ScriptName = "kedro_runner.py"

// WriteScript writes the runner into dir (a run folder) and returns its
// path; writing it again is harmless.
func WriteScript(dir string) (string, error) {
	path := filepath.Join(dir, ScriptName)
	if b, err := os.ReadFile(path); err == nil && string(b) == string(runnerScript) {
		return path, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	// Nodes run at once call this together: each writes its own temporary
	// file, so none renames another's half-written one over the script.
	return path, atomicfile.Write(path, runnerScript, 0o644)
}

// Artifact is one dataset a node reads or writes, at the path kfc chose
// for this run: the version filled in, an output's staging path, the run
// folder for what the catalog does not persist.
type Artifact struct {
	Name    string
	Path    string
	Dataset *plan.Dataset
}

// job is the runner's standard input.
type job struct {
	Name        string                       `json:"name"`
	Function    string                       `json:"function"`
	Inputs      plan.RawValue                `json:"inputs"`
	Outputs     plan.RawValue                `json:"outputs"`
	Confirms    []string                     `json:"confirms,omitempty"`
	Datasets    map[string]dataset           `json:"datasets"`
	Parameters  map[string]plan.RawValue     `json:"parameters"`
	Credentials map[string]map[string]string `json:"credentials,omitempty"`
}

type dataset struct {
	Config    plan.RawValue `json:"config"`
	Path      string        `json:"path"`
	Persisted bool          `json:"persisted"`
}

// Input is the JSON document the runner reads for node n. secrets holds
// credentials by name; only those the artifacts' entries reference are
// passed on.
func Input(n *plan.Node, artifacts []Artifact, secrets map[string]map[string]string) ([]byte, error) {
	k := n.Command.Kedro
	if k == nil {
		return nil, fmt.Errorf("node %q is not a kedro node", n.Name)
	}
	j := job{Name: n.Name, Function: k.Function, Inputs: k.Inputs, Outputs: k.Outputs, Confirms: k.Confirms,
		Datasets: map[string]dataset{}, Parameters: n.Parameters}
	for _, a := range artifacts {
		if a.Dataset == nil {
			return nil, fmt.Errorf("node %q: dataset %q is not in the plan", n.Name, a.Name)
		}
		j.Datasets[a.Name] = dataset{Config: a.Dataset.Config, Path: a.Path, Persisted: a.Dataset.Persisted}
		if c := a.Dataset.Credentials; c != "" {
			v, ok := secrets[c]
			if !ok {
				return nil, fmt.Errorf("node %q: dataset %q references credentials %q, which are not defined", n.Name, a.Name, c)
			}
			if j.Credentials == nil {
				j.Credentials = map[string]map[string]string{}
			}
			j.Credentials[c] = v
		}
	}
	return json.Marshal(j)
}

// Display is the node's command as the manifest and kfc.lock record it:
// the function and its binding, and a digest of its source files, so a
// record tells a source edit from a re-wiring.
func Display(k *plan.KedroCommand) string {
	src, _ := json.Marshal(k.Sources)
	return fmt.Sprintf("kedro %s %s -> %s [sources %s]", k.Function, string(k.Inputs), string(k.Outputs), shortSum(src))
}

func shortSum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:6])
}
