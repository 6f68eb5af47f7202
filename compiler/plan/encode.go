package plan

import (
	"sort"
	"strconv"

	"github.com/kfc-dev/kfc/internal/esc"
)

// jsonWriter writes plan types as JSON without reflection: a plan of a few
// thousand nodes is megabytes, and encoding/json re-validates and
// re-indents every RawValue it embeds. Members are written in sorted key
// order; pretty output is indented by two spaces, as encoding/json's
// SetIndent("", "  ") would, so either can read the other's.
type jsonWriter struct {
	b      []byte
	pretty bool
	depth  int
	first  bool // nothing written yet in the innermost object or array
	hashAt int  // offset of the plan hash's opening quote, set by plan
}

func (w *jsonWriter) newline() {
	if !w.pretty {
		return
	}
	w.b = append(w.b, '\n')
	for i := 0; i < w.depth; i++ {
		w.b = append(w.b, ' ', ' ')
	}
}

func (w *jsonWriter) open(c byte) {
	w.b = append(w.b, c)
	w.depth++
	w.first = true
}

func (w *jsonWriter) close(c byte) {
	w.depth--
	if !w.first {
		w.newline()
	}
	w.b = append(w.b, c)
	w.first = false
}

// key starts an object member.
func (w *jsonWriter) key(k string) {
	if !w.first {
		w.b = append(w.b, ',')
	}
	w.newline()
	w.b = esc.AppendJSONString(w.b, k)
	w.b = append(w.b, ':')
	if w.pretty {
		w.b = append(w.b, ' ')
	}
	w.first = false
}

// elem starts an array element.
func (w *jsonWriter) elem() {
	if !w.first {
		w.b = append(w.b, ',')
	}
	w.newline()
	w.first = false
}

func (w *jsonWriter) str(s string) { w.b = esc.AppendJSONString(w.b, s) }

func (w *jsonWriter) boolean(v bool) { w.b = strconv.AppendBool(w.b, v) }

func (w *jsonWriter) strings(list []string) {
	w.open('[')
	for _, s := range list {
		w.elem()
		w.str(s)
	}
	w.close(']')
}

// raw writes a canonical compact value, re-indented when pretty.
func (w *jsonWriter) raw(v RawValue) {
	if len(v) == 0 {
		w.b = append(w.b, "null"...)
		return
	}
	if !w.pretty {
		w.b = append(w.b, v...)
		return
	}
	inString, escaped := false, false
	for i := 0; i < len(v); i++ {
		c := v[i]
		if inString {
			w.b = append(w.b, c)
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
			w.b = append(w.b, c)
		case '{', '[':
			if i+1 < len(v) && (v[i+1] == '}' || v[i+1] == ']') {
				w.b = append(w.b, c, v[i+1])
				i++
				continue
			}
			w.b = append(w.b, c)
			w.depth++
			w.newline()
		case '}', ']':
			w.depth--
			w.newline()
			w.b = append(w.b, c)
		case ',':
			w.b = append(w.b, c)
			w.newline()
		case ':':
			w.b = append(w.b, ':', ' ')
		default:
			w.b = append(w.b, c)
		}
	}
}

func (w *jsonWriter) rawMap(m map[string]RawValue) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	w.open('{')
	for _, k := range keys {
		w.key(k)
		w.raw(m[k])
	}
	w.close('}')
}

func (w *jsonWriter) stringMap(m map[string]string) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	w.open('{')
	for _, k := range keys {
		w.key(k)
		w.str(m[k])
	}
	w.close('}')
}

// plan writes the whole document with the given hash value.
func (w *jsonWriter) plan(p *Plan, hash string) {
	w.open('{')
	w.key("datasets")
	names := make([]string, 0, len(p.Datasets))
	for k := range p.Datasets {
		names = append(names, k)
	}
	sort.Strings(names)
	w.open('{')
	for _, name := range names {
		w.key(name)
		w.dataset(p.Datasets[name])
	}
	w.close('}')
	if p.EntryPoint != "" {
		w.key("entry_point")
		w.str(p.EntryPoint)
	}
	w.key("env")
	w.str(p.Env)
	w.key("hash")
	w.hashAt = len(w.b)
	w.str(hash)
	w.key("kfc_version")
	w.str(p.KfcVersion)
	w.key("nodes")
	w.open('[')
	for _, n := range p.Nodes {
		w.elem()
		w.node(n)
	}
	w.close(']')
	w.key("parameters")
	w.raw(p.Parameters)
	if p.Pipeline != "" {
		w.key("pipeline")
		w.str(p.Pipeline)
	}
	w.key("project")
	w.project(p.Project)
	w.key("schema_version")
	w.str(p.SchemaVersion)
	w.key("selectors")
	w.selectors(p.Selectors)
	w.close('}')
}

func (w *jsonWriter) project(p Project) {
	w.open('{')
	if p.MLproject != "" {
		w.key("mlproject")
		w.str(p.MLproject)
	}
	if p.Name != "" {
		w.key("name")
		w.str(p.Name)
	}
	if p.Package != "" {
		w.key("package")
		w.str(p.Package)
	}
	w.close('}')
}

func (w *jsonWriter) selectors(s Selectors) {
	w.open('{')
	list := func(k string, v []string) {
		if len(v) > 0 {
			w.key(k)
			w.strings(v)
		}
	}
	list("from_inputs", s.FromInputs)
	list("from_nodes", s.FromNodes)
	if len(s.LoadVersions) > 0 {
		w.key("load_versions")
		w.stringMap(s.LoadVersions)
	}
	list("namespaces", s.Namespaces)
	list("nodes", s.Nodes)
	if s.Params != "" {
		w.key("params")
		w.str(s.Params)
	}
	list("tags", s.Tags)
	list("to_nodes", s.ToNodes)
	list("to_outputs", s.ToOutputs)
	w.close('}')
}

func (w *jsonWriter) dataset(d *Dataset) {
	w.open('{')
	w.key("config")
	w.raw(d.Config)
	w.key("consumers")
	w.strings(d.Consumers)
	if d.Credentials != "" {
		w.key("credentials")
		w.str(d.Credentials)
	}
	w.key("hash")
	w.str(d.Hash)
	w.key("id")
	w.str(d.ID)
	if d.LoadVersion != "" {
		w.key("load_version")
		w.str(d.LoadVersion)
	}
	w.key("name")
	w.str(d.Name)
	w.key("path")
	w.str(d.Path)
	if d.Pattern != "" {
		w.key("pattern")
		w.str(d.Pattern)
	}
	w.key("persisted")
	w.boolean(d.Persisted)
	if d.Producer != "" {
		w.key("producer")
		w.str(d.Producer)
	}
	w.key("resolution")
	w.str(d.Resolution)
	w.key("type")
	w.str(d.Type)
	w.key("versioned")
	w.boolean(d.Versioned)
	w.close('}')
}

func (w *jsonWriter) node(n *Node) {
	w.open('{')
	w.key("command")
	w.command(n.Command)
	w.key("depends_on")
	w.strings(n.DependsOn)
	if n.Environment != nil {
		w.key("environment")
		w.environment(n.Environment)
	}
	w.key("hash")
	w.str(n.Hash)
	w.key("id")
	w.str(n.ID)
	w.key("inputs")
	w.strings(n.Inputs)
	w.key("name")
	w.str(n.Name)
	if n.Namespace != "" {
		w.key("namespace")
		w.str(n.Namespace)
	}
	w.key("outputs")
	w.strings(n.Outputs)
	w.key("parameters")
	w.rawMap(n.Parameters)
	w.key("tags")
	w.strings(n.Tags)
	w.close('}')
}

func (w *jsonWriter) command(c Command) {
	w.open('{')
	if len(c.Argv) > 0 {
		w.key("argv")
		w.strings(c.Argv)
	}
	if c.EntryPoint != "" {
		w.key("entry_point")
		w.str(c.EntryPoint)
	}
	if c.Kedro != nil {
		w.key("kedro")
		w.kedro(c.Kedro)
	}
	if c.Shell != "" {
		w.key("shell")
		w.str(c.Shell)
	}
	w.close('}')
}

func (w *jsonWriter) kedro(k *KedroCommand) {
	w.open('{')
	if len(k.Confirms) > 0 {
		w.key("confirms")
		w.strings(k.Confirms)
	}
	w.key("function")
	w.str(k.Function)
	w.key("inputs")
	w.raw(k.Inputs)
	w.key("outputs")
	w.raw(k.Outputs)
	w.key("sources")
	w.open('[')
	for _, f := range k.Sources {
		w.elem()
		w.open('{')
		w.key("digest")
		w.str(f.Digest)
		w.key("path")
		w.str(f.Path)
		w.close('}')
	}
	w.close(']')
	w.close('}')
}

func (w *jsonWriter) environment(e *Environment) {
	w.open('{')
	if e.Digest != "" {
		w.key("digest")
		w.str(e.Digest)
	}
	if e.File != "" {
		w.key("file")
		w.str(e.File)
	}
	w.key("kind")
	w.str(e.Kind)
	if len(e.Spec) > 0 {
		w.key("spec")
		w.raw(e.Spec)
	}
	w.close('}')
}

// datasetDefinition writes what a dataset's hash covers: everything that
// decides which bytes are read or written, and nothing about which nodes
// use it (so re-wiring a pipeline does not change a dataset's hash).
func (w *jsonWriter) datasetDefinition(d *Dataset) {
	w.open('{')
	w.key("config")
	w.raw(d.Config)
	if d.Credentials != "" {
		w.key("credentials")
		w.str(d.Credentials)
	}
	if d.LoadVersion != "" {
		w.key("load_version")
		w.str(d.LoadVersion)
	}
	w.key("name")
	w.str(d.Name)
	w.key("path")
	w.str(d.Path)
	w.key("persisted")
	w.boolean(d.Persisted)
	w.key("type")
	w.str(d.Type)
	w.key("versioned")
	w.boolean(d.Versioned)
	w.close('}')
}

// nodeDefinition writes what a node's hash covers: its rendered command,
// the parameter values it consumes, the definitions of the datasets it
// reads and writes (by their hashes), and its MLproject environment. Its
// name is left out, so a renamed but otherwise identical node keeps its
// hash.
func (w *jsonWriter) nodeDefinition(n *Node, datasets map[string]*Dataset) {
	w.open('{')
	w.key("command")
	w.command(n.Command)
	w.key("datasets")
	names := make([]string, 0, len(n.Inputs)+len(n.Outputs))
	names = append(names, n.Inputs...)
	names = append(names, n.Outputs...)
	sort.Strings(names)
	w.open('{')
	for i, name := range names {
		if i > 0 && names[i-1] == name {
			continue
		}
		if d := datasets[name]; d != nil {
			w.key(name)
			w.str(d.Hash)
		}
	}
	w.close('}')
	if n.Environment != nil {
		w.key("environment")
		w.environment(n.Environment)
	}
	w.key("parameters")
	w.rawMap(n.Parameters)
	w.close('}')
}
