package engine

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"

	"github.com/kfc-dev/kfc/compiler/plan"
)

// baseEnv is the environment every node inherits: kfc's own, minus KFC_*
// variables of an enclosing run, plus the run's.
func (r *run) baseEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "KFC_RUN_ID", "KFC_NODE", "KFC_PROJECT_DIR", "KFC_RUN_DIR", "KFC_INPUTS", "KFC_OUTPUTS", "KFC_CREDENTIALS_FILE":
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "KFC_RUN_ID="+r.id, "KFC_PROJECT_DIR="+r.root, "KFC_RUN_DIR="+r.abs(r.runDir))
	if r.opt.Tracker != nil {
		env = append(env, r.opt.Tracker.Env()...)
	}
	return env
}

// nodeEnv adds KFC_NODE, KFC_INPUTS and KFC_OUTPUTS (JSON objects: dataset
// name -> the project-relative path to read, or to write: the staging
// path) and, when the node's datasets reference credentials, a 0600 file
// with them named by KFC_CREDENTIALS_FILE. cleanup removes that file.
func (r *run) nodeEnv(n *plan.Node, io nodeIO, outputs map[string]string) ([]string, func(), error) {
	inputs := map[string]string{}
	for _, a := range io.in {
		inputs[a.name] = a.path
	}
	ib, _ := json.Marshal(inputs)
	ob, _ := json.Marshal(outputs)
	env := append(append([]string{}, r.env...), "KFC_NODE="+n.Name, "KFC_INPUTS="+string(ib), "KFC_OUTPUTS="+string(ob))
	creds := map[string]map[string]string{}
	for _, a := range append(append([]art{}, io.in...), io.out...) {
		if c := a.d.Credentials; c != "" {
			if v, ok := r.opt.Secrets[c]; ok {
				creds[c] = v
			}
		}
	}
	if len(creds) == 0 {
		return env, func() {}, nil
	}
	dir := r.abs(r.runDir, "secrets")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, nil, err
	}
	file := filepath.Join(dir, safeName(n.ID)+".json")
	b, _ := json.Marshal(creds)
	if err := os.WriteFile(file, b, 0o600); err != nil {
		return nil, nil, err
	}
	return append(env, "KFC_CREDENTIALS_FILE="+file), func() { os.Remove(file) }, nil
}

// scrub hides every credential value in a line of output.
func (r *run) scrub(line string) string {
	for _, vals := range r.opt.Secrets {
		for _, v := range vals {
			if len(v) >= 3 && strings.Contains(line, v) {
				line = strings.ReplaceAll(line, v, "***")
			}
		}
	}
	return line
}
