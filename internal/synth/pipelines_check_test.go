package synth

import (
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

type nodeYAML struct {
	Name       string   `yaml:"name"`
	Run        []string `yaml:"run"`
	EntryPoint string   `yaml:"entry_point"`
	Inputs     any      `yaml:"inputs"`
	Outputs    any      `yaml:"outputs"`
	Params     any      `yaml:"params"`
	Tags       []string `yaml:"tags"`
}

// bindings turns str | list | mapping into placeholder key -> name.
func bindings(t *testing.T, node string, v any) map[string]string {
	t.Helper()
	out := map[string]string{}
	switch v := v.(type) {
	case nil:
	case string:
		out[v] = v
	case []any:
		for _, item := range v {
			s, _ := item.(string)
			out[strings.TrimPrefix(s, "params:")] = s
		}
	case map[string]any:
		for k, item := range v {
			s, _ := item.(string)
			out[k] = s
		}
	default:
		t.Errorf("node %s: inputs/outputs/params of type %T", node, v)
	}
	return out
}

var (
	nameRe    = regexp.MustCompile(`^[\w.-]+$`)
	runPh     = regexp.MustCompile(`\{(in|out|params)\.([^{}]+)\}`)
	commandPh = regexp.MustCompile(`\{(\w+)\}`)
)

func checkPipelines(t *testing.T, p project, opt Options, catalog map[string]bool, patterns []string, params map[string]any) {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(p.files["conf/base/pipelines.yml"]), &doc); err != nil {
		t.Fatalf("pipelines.yml: %v", err)
	}
	top := doc.Content[0]

	var ml struct {
		EntryPoints map[string]struct {
			Parameters map[string]any `yaml:"parameters"`
			Command    string         `yaml:"command"`
		} `yaml:"entry_points"`
	}
	if err := yaml.Unmarshal([]byte(p.files["MLproject"]), &ml); err != nil {
		t.Fatalf("MLproject: %v", err)
	}
	for name, ep := range ml.EntryPoints {
		for _, m := range commandPh.FindAllStringSubmatch(ep.Command, -1) {
			if _, ok := ep.Parameters[m[1]]; !ok {
				t.Errorf("MLproject %s: command uses undeclared {%s}", name, m[1])
			}
		}
	}

	resolvable := func(ds string) bool {
		if catalog[ds] {
			return true
		}
		for _, pat := range patterns {
			if matchesPattern(pat, ds) {
				return true
			}
		}
		return false
	}
	type producer struct {
		index    int
		pipeline string
	}
	produced := map[string]producer{}
	type read struct {
		ds, pipeline string
		index        int
	}
	var reads []read
	seenNodes := map[string]bool{}
	paramsRead := map[string]bool{}
	var pipelineNames, defaults []string
	nodeCount := 0

	for i := 0; i+1 < len(top.Content); i += 2 {
		pname := top.Content[i].Value
		if pname == "__default__" {
			if err := top.Content[i+1].Decode(&defaults); err != nil {
				t.Errorf("__default__: %v", err)
			}
			continue
		}
		pipelineNames = append(pipelineNames, pname)
		var def struct {
			Nodes []nodeYAML `yaml:"nodes"`
		}
		if err := top.Content[i+1].Decode(&def); err != nil {
			t.Fatalf("pipeline %s: %v", pname, err)
		}
		for _, n := range def.Nodes {
			nodeCount++
			if !nameRe.MatchString(n.Name) || seenNodes[n.Name] {
				t.Errorf("node name %q invalid or repeated", n.Name)
			}
			seenNodes[n.Name] = true
			ins, outs := bindings(t, n.Name, n.Inputs), bindings(t, n.Name, n.Outputs)
			prm := bindings(t, n.Name, n.Params)
			for _, ds := range ins {
				reads = append(reads, read{ds, pname, nodeCount})
			}
			for _, ds := range outs {
				if _, dup := produced[ds]; dup {
					t.Errorf("%s: output %s written twice", n.Name, ds)
				}
				if _, in := ins[ds]; in {
					t.Errorf("%s: reads and writes %s", n.Name, ds)
				}
				produced[ds] = producer{nodeCount, pname}
			}
			for key, ref := range prm {
				top, _, _ := strings.Cut(strings.TrimPrefix(ref, "params:"), ".")
				paramsRead[top] = true
				if !strings.HasPrefix(ref, "params:") {
					t.Errorf("%s: params %s=%q lacks params:", n.Name, key, ref)
				} else if _, ok := lookup(params, strings.TrimPrefix(ref, "params:")); !ok {
					t.Errorf("%s: parameter %s not found", n.Name, ref)
				}
			}
			switch {
			case n.EntryPoint != "" && len(n.Run) > 0:
				t.Errorf("%s: both run and entry_point", n.Name)
			case n.EntryPoint != "":
				ep, ok := ml.EntryPoints[n.EntryPoint]
				if !ok {
					t.Errorf("%s: no entry point %s", n.Name, n.EntryPoint)
					continue
				}
				for _, m := range []map[string]string{ins, outs, prm} {
					for key := range m {
						if _, ok := ep.Parameters[key]; !ok {
							t.Errorf("%s: entry point %s has no parameter %s", n.Name, n.EntryPoint, key)
						}
					}
				}
				if ref, ok := prm["alpha"]; ok {
					v, _ := lookup(params, strings.TrimPrefix(ref, "params:"))
					if _, isFloat := v.(float64); !isFloat {
						t.Errorf("%s: alpha bound to %v, not a float", n.Name, v)
					}
				}
			case len(n.Run) > 0:
				for _, arg := range n.Run {
					for _, m := range runPh.FindAllStringSubmatch(arg, -1) {
						var ok bool
						switch m[1] {
						case "in":
							_, ok = ins[m[2]]
						case "out":
							_, ok = outs[m[2]]
						case "params":
							_, ok = prm[m[2]]
						}
						if !ok {
							t.Errorf("%s: %s binds nothing", n.Name, m[0])
						}
					}
				}
			default:
				t.Errorf("%s: neither run nor entry_point", n.Name)
			}
		}
	}

	if nodeCount != opt.Nodes {
		t.Errorf("%d nodes, want %d", nodeCount, opt.Nodes)
	}
	if strings.Join(defaults, ",") != strings.Join(pipelineNames, ",") {
		t.Errorf("__default__ %v, want every pipeline %v", defaults, pipelineNames)
	}
	used := map[string]bool{}
	for _, r := range reads {
		used[r.ds] = true
		prod, isProduced := produced[r.ds]
		switch {
		case isProduced && prod.index >= r.index:
			t.Errorf("%s is read before the node that writes it", r.ds)
		case isProduced && !resolvable(r.ds) && prod.pipeline != r.pipeline:
			t.Errorf("in-memory %s crosses from pipeline %s to %s", r.ds, prod.pipeline, r.pipeline)
		case !isProduced && !resolvable(r.ds):
			t.Errorf("free input %s has no catalog entry", r.ds)
		}
	}
	for ds := range produced {
		used[ds] = true
	}
	for ds := range catalog {
		if !used[ds] {
			t.Errorf("catalog entry %s is used by no node", ds)
		}
	}
	for _, pat := range patterns {
		matched := false
		for ds := range used {
			matched = matched || (!catalog[ds] && matchesPattern(pat, ds))
		}
		if !matched {
			t.Errorf("factory %s matches no pipeline dataset", pat)
		}
	}
	for key := range params {
		if !paramsRead[key] {
			t.Errorf("parameter %s is read by no node", key)
		}
	}
}
