package examples

// TestSpaceflightsRuns runs every node of examples/spaceflights with python3,
// in the order of its __default__ pipeline, in a temporary copy of the project,
// and checks that each node writes its outputs. The argument vectors come from
// conf/base/pipelines.yml and the MLproject, so this also checks that the
// placeholders there match the scripts' command lines and the catalog.

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/internal/py"
	"go.yaml.in/yaml/v3"
)

const exampleDir = "spaceflights"

// The one save version of this test run, in Kedro's format.
const runVersion = "2024-01-01T00.00.00.000Z"

type nodeSpec struct {
	Name       string   `yaml:"name"`
	Run        []string `yaml:"run"`
	EntryPoint string   `yaml:"entry_point"`
	Inputs     any      `yaml:"inputs"`
	Outputs    any      `yaml:"outputs"`
	Params     any      `yaml:"params"`
	Tags       []string `yaml:"tags"`
}

type pipelineSpec struct {
	Nodes     []nodeSpec        `yaml:"nodes"`
	From      string            `yaml:"from"`
	Namespace string            `yaml:"namespace"`
	Inputs    map[string]string `yaml:"inputs"`
	Outputs   map[string]string `yaml:"outputs"`
}

type entryPoint struct {
	Parameters map[string]yaml.Node `yaml:"parameters"`
	Command    string               `yaml:"command"`
}

// boundNode is a node after namespacing: datasets and parameters by final name,
// keyed by the name the node's own placeholders use.
type boundNode struct {
	name    string
	spec    nodeSpec
	inputs  map[string]string // placeholder key -> dataset
	outputs map[string]string
	params  map[string]string // placeholder key -> parameter path, namespaced
}

func TestSpaceflightsRuns(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not found: the example's node scripts need it")
	}
	project := t.TempDir()
	copyProject(t, exampleDir, project)
	conf := filepath.Join(project, "conf", "base")

	cat, err := loadCatalog(conf, runVersion)
	if err != nil {
		t.Fatal(err)
	}
	params, err := readMerged(filepath.Join(conf, "parameters*.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var mlproject struct {
		EntryPoints map[string]entryPoint `yaml:"entry_points"`
	}
	if err := readYAML(filepath.Join(project, "MLproject"), &mlproject); err != nil {
		t.Fatal(err)
	}
	nodes := defaultPipeline(t, filepath.Join(conf, "pipelines.yml"))
	if len(nodes) == 0 {
		t.Fatal("__default__ has no nodes")
	}

	for _, n := range nodes {
		paths := map[string]string{} // "in.key" / "out.key" -> path
		for key, ds := range n.inputs {
			p := datasetPath(t, cat, n.name, ds)
			if _, err := os.Stat(filepath.Join(project, p)); err != nil {
				t.Fatalf("node %s: input %s is missing before it runs (pipeline order?): %v", n.name, ds, err)
			}
			paths["in."+key] = p
		}
		for key, ds := range n.outputs {
			paths["out."+key] = datasetPath(t, cat, n.name, ds)
		}
		param := func(key string) string {
			path, ok := n.params[key]
			if !ok {
				t.Fatalf("node %s: {params.%s} names no entry of its params", n.name, key)
			}
			v, ok := lookup(params, path)
			if !ok {
				t.Fatalf("node %s: parameter %s not found", n.name, path)
			}
			return renderValue(v)
		}

		var argv []string
		switch {
		case n.spec.EntryPoint != "":
			ep, ok := mlproject.EntryPoints[n.spec.EntryPoint]
			if !ok {
				t.Fatalf("node %s: MLproject has no entry point %q", n.name, n.spec.EntryPoint)
			}
			argv = []string{"sh", "-c", renderEntryPoint(t, n, ep, paths, param)}
		case len(n.spec.Run) > 0:
			for _, arg := range n.spec.Run {
				argv = append(argv, renderRunArg(t, n.name, arg, paths, param))
			}
		default:
			t.Fatalf("node %s: neither run nor entry_point", n.name)
		}

		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Dir = project
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("node %s: %v\n%s\n%s", n.name, err, strings.Join(argv, " "), out)
		}
		t.Logf("%s: %s", n.name, strings.TrimSpace(string(out)))
		for key := range n.outputs {
			if _, err := os.Stat(filepath.Join(project, paths["out."+key])); err != nil {
				t.Fatalf("node %s did not write %s: %v", n.name, paths["out."+key], err)
			}
		}
	}

	// Both models should have learnt something from the synthetic data.
	for _, metrics := range []string{"metrics", "candidate.metrics"} {
		p := datasetPath(t, cat, "check", metrics)
		var m map[string]float64
		src, err := os.ReadFile(filepath.Join(project, p))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(src, &m); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if m["r2_score"] < 0.5 {
			t.Errorf("%s: r2_score %.3f, want at least 0.5", metrics, m["r2_score"])
		}
	}
}

// defaultPipeline expands __default__ into nodes, applying `from` + `namespace`
// with Kedro's renaming: mapped names keep their mapping, other datasets and
// parameters get the namespace prefix.
func defaultPipeline(t *testing.T, path string) []boundNode {
	t.Helper()
	var top map[string]yaml.Node
	if err := readYAML(path, &top); err != nil {
		t.Fatal(err)
	}
	var order []string
	if d, ok := top["__default__"]; !ok {
		t.Fatal("pipelines.yml has no __default__")
	} else if err := d.Decode(&order); err != nil {
		t.Fatalf("__default__: %v", err)
	}
	specs := map[string]pipelineSpec{}
	for name, node := range top {
		if name == "__default__" {
			continue
		}
		var p pipelineSpec
		if err := node.Decode(&p); err != nil {
			t.Fatalf("pipeline %s: %v", name, err)
		}
		specs[name] = p
	}

	var nodes []boundNode
	for _, name := range order {
		p, ok := specs[name]
		if !ok {
			t.Fatalf("__default__ names unknown pipeline %q", name)
		}
		ns, mapped := "", map[string]string{}
		if p.From != "" {
			src, ok := specs[p.From]
			if !ok {
				t.Fatalf("pipeline %s: from unknown pipeline %q", name, p.From)
			}
			ns = p.Namespace
			for k, v := range p.Inputs {
				mapped[k] = v
			}
			for k, v := range p.Outputs {
				mapped[k] = v
			}
			p = src
		}
		rename := func(ds string) string {
			if m, ok := mapped[ds]; ok {
				return m
			}
			if ns == "" {
				return ds
			}
			return ns + "." + ds
		}
		renameParam := func(ref string) string {
			path, ok := strings.CutPrefix(ref, "params:")
			if !ok {
				t.Fatalf("params entry %q is not a params: reference", ref)
			}
			if ns == "" {
				return path
			}
			return ns + "." + path
		}
		for _, spec := range p.Nodes {
			b := boundNode{name: spec.Name, spec: spec,
				inputs: bind(t, spec.Inputs, rename), outputs: bind(t, spec.Outputs, rename),
				params: bindParams(t, spec.Params, renameParam)}
			if ns != "" {
				b.name = ns + "." + spec.Name
			}
			nodes = append(nodes, b)
		}
	}
	return nodes
}

// bind turns inputs/outputs (str | list | mapping) into placeholder key -> dataset.
func bind(t *testing.T, v any, rename func(string) string) map[string]string {
	t.Helper()
	out := map[string]string{}
	switch v := v.(type) {
	case nil:
	case string:
		out[v] = rename(v)
	case []any:
		for _, item := range v {
			s, ok := item.(string)
			if !ok {
				t.Fatalf("dataset name %v is not a string", item)
			}
			out[s] = rename(s)
		}
	case map[string]any:
		for k, item := range v {
			s, ok := item.(string)
			if !ok {
				t.Fatalf("dataset name %v is not a string", item)
			}
			out[k] = rename(s)
		}
	default:
		t.Fatalf("inputs/outputs of type %T", v)
	}
	return out
}

// bindParams turns params (str | list | mapping of params:a.b references)
// into placeholder key -> parameter path; the list form's key is the path.
func bindParams(t *testing.T, v any, rename func(string) string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for key, ref := range bind(t, v, func(s string) string { return s }) {
		out[strings.TrimPrefix(key, "params:")] = rename(ref)
	}
	return out
}

func datasetPath(t *testing.T, cat *catalog, node, ds string) string {
	t.Helper()
	p, err := cat.path(ds)
	if err != nil {
		t.Fatalf("node %s: %v", node, err)
	}
	return p
}

var runPlaceholder = regexp.MustCompile(`\{(in|out|params)\.([\w.-]+)\}`)

func renderRunArg(t *testing.T, node, arg string, paths map[string]string, param func(string) string) string {
	t.Helper()
	return runPlaceholder.ReplaceAllStringFunc(arg, func(ref string) string {
		m := runPlaceholder.FindStringSubmatch(ref)
		if m[1] == "params" {
			return param(m[2])
		}
		p, ok := paths[m[1]+"."+m[2]]
		if !ok {
			t.Fatalf("node %s: %s names no declared %sput", node, ref, m[1])
		}
		return p
	})
}

// renderEntryPoint renders the MLproject command the way MLflow does:
// str.format over shell-quoted values, with declared defaults.
func renderEntryPoint(t *testing.T, n boundNode, ep entryPoint, paths map[string]string, param func(string) string) string {
	t.Helper()
	values := map[string]string{}
	for name, spec := range ep.Parameters {
		var full struct {
			Default yaml.Node `yaml:"default"`
		}
		if spec.Kind == yaml.MappingNode {
			if err := spec.Decode(&full); err != nil {
				t.Fatalf("entry point parameter %s: %v", name, err)
			}
		}
		if full.Default.Kind != 0 {
			var v any
			if err := full.Default.Decode(&v); err != nil {
				t.Fatal(err)
			}
			values[name] = renderValue(v)
		}
	}
	for key := range n.inputs {
		values[key] = paths["in."+key]
	}
	for key := range n.outputs {
		values[key] = paths["out."+key]
	}
	for key := range n.params {
		values[key] = param(key)
	}
	var missing []string
	cmd := regexp.MustCompile(`\{(\w+)\}`).ReplaceAllStringFunc(ep.Command, func(ref string) string {
		v, ok := values[ref[1:len(ref)-1]]
		if !ok {
			missing = append(missing, ref)
		}
		return py.ShellQuote(v)
	})
	if len(missing) > 0 {
		t.Fatalf("node %s: no value for %v", n.name, missing)
	}
	return cmd
}

// renderValue writes a parameter value as a command-line word: scalars the way
// Python's str() does (True, 0.5, 2.0), lists and maps as JSON.
func renderValue(v any) string {
	switch v := v.(type) {
	case bool:
		if v {
			return "True"
		}
		return "False"
	case float64:
		s := strconv.FormatFloat(v, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eEnN") {
			s += ".0"
		}
		return s
	case string:
		return v
	case []any, map[string]any:
		b, _ := json.Marshal(v)
		return string(b)
	}
	return fmt.Sprint(v)
}

// copyProject copies the example without generated data, caches or hidden files.
func copyProject(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		if rel == "." {
			return nil
		}
		base := d.Name()
		if strings.HasPrefix(base, ".") || base == "__pycache__" || base == "mlruns" ||
			(d.IsDir() && filepath.Dir(rel) == "data" && base != "01_raw") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), src, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
