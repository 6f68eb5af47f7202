package engine

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/internal/esc"
)

// baseEnv is the environment every node inherits: kfc's own, minus KFC_*
// variables of an enclosing run, plus the run's.
func (r *run) baseEnv() []string {
	var env []string
	self, _ := os.Executable()
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "KFC_RUN_ID", "KFC_NODE", "KFC_PROJECT_DIR", "KFC_RUN_DIR", "KFC_INPUTS", "KFC_OUTPUTS", "KFC_CREDENTIALS_FILE", "KFC_EXECUTABLE":
			continue
		case "PATH":
			// The kfc running the plan is reachable from a node (kfc log),
			// after everything the user's PATH already finds.
			if self != "" {
				kv = k + "=" + v + string(os.PathListSeparator) + filepath.Dir(self)
			}
		}
		env = append(env, kv)
	}
	env = append(env, "KFC_RUN_ID="+r.id, "KFC_PROJECT_DIR="+r.root, "KFC_RUN_DIR="+r.abs(r.runDir))
	if self != "" {
		env = append(env, "KFC_EXECUTABLE="+self)
	}
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
	env := make([]string, len(r.env), len(r.env)+6)
	copy(env, r.env)
	env = append(env, "KFC_NODE="+n.Name,
		string(pathsJSON([]byte("KFC_INPUTS="), io.in, func(a art) string { return a.path })),
		string(pathsJSON([]byte("KFC_OUTPUTS="), io.out, func(a art) string { return outputs[a.name] })))
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

// pathsJSON appends the JSON object dataset name -> path of arts to b,
// keys sorted and each once, as encoding/json writes a map (a plan's
// lists are sorted already; a plan file's need not be).
func pathsJSON(b []byte, arts []art, path func(art) string) []byte {
	if !slices.IsSortedFunc(arts, func(x, y art) int { return strings.Compare(x.name, y.name) }) {
		arts = slices.Clone(arts)
		slices.SortStableFunc(arts, func(x, y art) int { return strings.Compare(x.name, y.name) })
	}
	w := esc.JSONWriter{B: b}
	w.Open('{')
	for i, a := range arts {
		if i > 0 && arts[i-1].name == a.name {
			continue // the map kept the last: the same dataset, the same path
		}
		w.Key(a.name)
		w.Str(path(a))
	}
	w.Close('}')
	return w.B
}
