package kedroimport

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pipeline"
)

// Compare checks that the graph kfc builds from reg is the one Kedro
// built: the same pipelines, and in each the same nodes (full name,
// namespace, function, inputs and outputs in the form written, tags,
// confirms), the same free inputs (parameters and transcoding included)
// and outputs. It returns one line per difference, sorted; none means the
// file matches the Python code.
func Compare(reg *pipeline.Registry, s *Snapshot) []string {
	var out []string
	kfcNames := map[string]bool{}
	for _, name := range reg.Names() {
		kfcNames[name] = true
		if s.Pipelines[name] == nil {
			out = append(out, fmt.Sprintf("pipeline %q: in the file, not registered in Python", name))
		}
	}
	for _, name := range sortedNames(s) {
		if !kfcNames[name] {
			out = append(out, fmt.Sprintf("pipeline %q: registered in Python, missing from the file", name))
			continue
		}
		var diags diag.List
		p := reg.Expand(name, &diags)
		if p == nil || diags.Len() > 0 { // every problem of Expand is fatal
			out = append(out, fmt.Sprintf("pipeline %q: the file's definition does not expand: %s", name, firstError(&diags)))
			continue
		}
		out = append(out, comparePipeline(name, p, s.Pipelines[name])...)
	}
	sort.Strings(out)
	return out
}

func comparePipeline(name string, p *pipeline.Pipeline, k *KedroPipeline) []string {
	var out []string
	diff := func(what string, file, kedro any) {
		f, kd := jsonText(file), jsonText(kedro)
		if f != kd {
			out = append(out, fmt.Sprintf("pipeline %q: %s: file %s, Kedro %s", name, what, f, kd))
		}
	}
	byName := map[string]*pipeline.Node{}
	for _, n := range p.Nodes {
		byName[n.Name] = n
	}
	inKedro := map[string]bool{}
	for _, kn := range k.Nodes {
		inKedro[kn.Name] = true
		n := byName[kn.Name]
		if n == nil {
			out = append(out, fmt.Sprintf("pipeline %q: node %q: in Python, missing from the file", name, kn.Name))
			continue
		}
		at := fmt.Sprintf("node %q ", kn.Name)
		function := ""
		if n.Kedro != nil {
			function = n.Kedro.Function
		}
		diff(at+"function", function, kn.Function())
		diff(at+"namespace", n.Namespace, kn.Namespace)
		diff(at+"inputs", n.KedroInputs(), canonical(kn.Inputs))
		diff(at+"outputs", n.KedroOutputs(), canonical(kn.Outputs))
		diff(at+"tags", nonNil(n.Tags), sortedCopy(kn.Tags))
		diff(at+"confirms", nonNil(n.Confirms), nonNil(kn.Confirms))
	}
	for _, n := range p.Nodes {
		if !inKedro[n.Name] {
			out = append(out, fmt.Sprintf("pipeline %q: node %q: in the file, not in Python", name, n.Name))
		}
	}
	diff("free inputs", nonNil(p.FreeInputs()), sortedCopy(k.Inputs))
	diff("outputs", nonNil(p.Outputs()), sortedCopy(k.Outputs))
	return out
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func sortedCopy(s []string) []string {
	out := append([]string{}, s...)
	sort.Strings(out)
	return out
}

func firstError(d *diag.List) string {
	for _, x := range d.Items() {
		return strings.TrimSpace(x.Message)
	}
	return "unknown pipeline"
}
