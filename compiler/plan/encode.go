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
	esc.JSONWriter
	hashAt int // offset of the plan hash's opening quote, set by plan
}

func (w *jsonWriter) boolean(v bool) { w.B = strconv.AppendBool(w.B, v) }

func (w *jsonWriter) strings(list []string) {
	w.Open('[')
	for _, s := range list {
		w.Elem()
		w.Str(s)
	}
	w.Close(']')
}

// raw writes a canonical compact value, re-indented when pretty.
func (w *jsonWriter) raw(v RawValue) {
	if len(v) == 0 {
		w.B = append(w.B, "null"...)
		return
	}
	if !w.Pretty {
		w.B = append(w.B, v...)
		return
	}
	inString, escaped := false, false
	for i := 0; i < len(v); i++ {
		c := v[i]
		if inString {
			w.B = append(w.B, c)
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
			w.B = append(w.B, c)
		case '{', '[':
			if i+1 < len(v) && (v[i+1] == '}' || v[i+1] == ']') {
				w.B = append(w.B, c, v[i+1])
				i++
				continue
			}
			w.B = append(w.B, c)
			w.Depth++
			w.Newline()
		case '}', ']':
			w.Depth--
			w.Newline()
			w.B = append(w.B, c)
		case ',':
			w.B = append(w.B, c)
			w.Newline()
		case ':':
			w.B = append(w.B, ':', ' ')
		default:
			w.B = append(w.B, c)
		}
	}
}

func (w *jsonWriter) rawMap(m map[string]RawValue) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	w.Open('{')
	for _, k := range keys {
		w.Key(k)
		w.raw(m[k])
	}
	w.Close('}')
}

func (w *jsonWriter) stringMap(m map[string]string) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	w.Open('{')
	for _, k := range keys {
		w.Key(k)
		w.Str(m[k])
	}
	w.Close('}')
}

// plan writes the whole document with the given hash value.
func (w *jsonWriter) plan(p *Plan, hash string) {
	w.Open('{')
	w.Key("datasets")
	names := make([]string, 0, len(p.Datasets))
	for k := range p.Datasets {
		names = append(names, k)
	}
	sort.Strings(names)
	w.Open('{')
	for _, name := range names {
		w.Key(name)
		w.dataset(p.Datasets[name])
	}
	w.Close('}')
	if p.EntryPoint != "" {
		w.Key("entry_point")
		w.Str(p.EntryPoint)
	}
	w.Key("env")
	w.Str(p.Env)
	w.Key("hash")
	w.hashAt = len(w.B)
	w.Str(hash)
	w.Key("kfc_version")
	w.Str(p.KfcVersion)
	w.Key("nodes")
	w.Open('[')
	for _, n := range p.Nodes {
		w.Elem()
		w.node(n)
	}
	w.Close(']')
	w.Key("parameters")
	w.raw(p.Parameters)
	if p.Pipeline != "" {
		w.Key("pipeline")
		w.Str(p.Pipeline)
	}
	w.Key("project")
	w.project(p.Project)
	w.Key("schema_version")
	w.Str(p.SchemaVersion)
	w.Key("selectors")
	w.selectors(p.Selectors)
	w.Close('}')
}

func (w *jsonWriter) project(p Project) {
	w.Open('{')
	if p.MLproject != "" {
		w.Key("mlproject")
		w.Str(p.MLproject)
	}
	if p.Name != "" {
		w.Key("name")
		w.Str(p.Name)
	}
	if p.Package != "" {
		w.Key("package")
		w.Str(p.Package)
	}
	w.Close('}')
}

func (w *jsonWriter) selectors(s Selectors) {
	w.Open('{')
	list := func(k string, v []string) {
		if len(v) > 0 {
			w.Key(k)
			w.strings(v)
		}
	}
	list("from_inputs", s.FromInputs)
	list("from_nodes", s.FromNodes)
	if len(s.LoadVersions) > 0 {
		w.Key("load_versions")
		w.stringMap(s.LoadVersions)
	}
	list("namespaces", s.Namespaces)
	list("nodes", s.Nodes)
	if s.Params != "" {
		w.Key("params")
		w.Str(s.Params)
	}
	list("tags", s.Tags)
	list("to_nodes", s.ToNodes)
	list("to_outputs", s.ToOutputs)
	w.Close('}')
}

func (w *jsonWriter) dataset(d *Dataset) {
	w.Open('{')
	w.Key("config")
	w.raw(d.Config)
	w.Key("consumers")
	w.strings(d.Consumers)
	if d.Credentials != "" {
		w.Key("credentials")
		w.Str(d.Credentials)
	}
	w.Key("hash")
	w.Str(d.Hash)
	w.Key("id")
	w.Str(d.ID)
	if d.LoadVersion != "" {
		w.Key("load_version")
		w.Str(d.LoadVersion)
	}
	w.Key("name")
	w.Str(d.Name)
	w.Key("path")
	w.Str(d.Path)
	if d.Pattern != "" {
		w.Key("pattern")
		w.Str(d.Pattern)
	}
	w.Key("persisted")
	w.boolean(d.Persisted)
	if d.Producer != "" {
		w.Key("producer")
		w.Str(d.Producer)
	}
	w.Key("resolution")
	w.Str(d.Resolution)
	w.Key("type")
	w.Str(d.Type)
	w.Key("versioned")
	w.boolean(d.Versioned)
	w.Close('}')
}

func (w *jsonWriter) node(n *Node) {
	w.Open('{')
	w.Key("command")
	w.command(n.Command)
	w.Key("depends_on")
	w.strings(n.DependsOn)
	if n.Environment != nil {
		w.Key("environment")
		w.environment(n.Environment)
	}
	w.Key("hash")
	w.Str(n.Hash)
	w.Key("id")
	w.Str(n.ID)
	w.Key("inputs")
	w.strings(n.Inputs)
	w.Key("name")
	w.Str(n.Name)
	if n.Namespace != "" {
		w.Key("namespace")
		w.Str(n.Namespace)
	}
	w.Key("outputs")
	w.strings(n.Outputs)
	w.Key("parameters")
	w.rawMap(n.Parameters)
	w.Key("tags")
	w.strings(n.Tags)
	w.Close('}')
}

func (w *jsonWriter) command(c Command) {
	w.Open('{')
	if len(c.Argv) > 0 {
		w.Key("argv")
		w.strings(c.Argv)
	}
	if c.EntryPoint != "" {
		w.Key("entry_point")
		w.Str(c.EntryPoint)
	}
	if c.Kedro != nil {
		w.Key("kedro")
		w.kedro(c.Kedro)
	}
	if c.Shell != "" {
		w.Key("shell")
		w.Str(c.Shell)
	}
	w.Close('}')
}

func (w *jsonWriter) kedro(k *KedroCommand) {
	w.Open('{')
	if len(k.Confirms) > 0 {
		w.Key("confirms")
		w.strings(k.Confirms)
	}
	w.Key("function")
	w.Str(k.Function)
	w.Key("inputs")
	w.raw(k.Inputs)
	w.Key("outputs")
	w.raw(k.Outputs)
	w.Key("sources")
	w.Open('[')
	for _, f := range k.Sources {
		w.Elem()
		w.Open('{')
		w.Key("digest")
		w.Str(f.Digest)
		w.Key("path")
		w.Str(f.Path)
		w.Close('}')
	}
	w.Close(']')
	w.Close('}')
}

func (w *jsonWriter) environment(e *Environment) {
	w.Open('{')
	if e.Digest != "" {
		w.Key("digest")
		w.Str(e.Digest)
	}
	if e.File != "" {
		w.Key("file")
		w.Str(e.File)
	}
	w.Key("kind")
	w.Str(e.Kind)
	if len(e.Spec) > 0 {
		w.Key("spec")
		w.raw(e.Spec)
	}
	w.Close('}')
}

// datasetDefinition writes what a dataset's hash covers: everything that
// decides which bytes are read or written, and nothing about which nodes
// use it (so re-wiring a pipeline does not change a dataset's hash).
func (w *jsonWriter) datasetDefinition(d *Dataset) {
	w.Open('{')
	w.Key("config")
	w.raw(d.Config)
	if d.Credentials != "" {
		w.Key("credentials")
		w.Str(d.Credentials)
	}
	if d.LoadVersion != "" {
		w.Key("load_version")
		w.Str(d.LoadVersion)
	}
	w.Key("name")
	w.Str(d.Name)
	w.Key("path")
	w.Str(d.Path)
	w.Key("persisted")
	w.boolean(d.Persisted)
	w.Key("type")
	w.Str(d.Type)
	w.Key("versioned")
	w.boolean(d.Versioned)
	w.Close('}')
}

// nodeDefinition writes what a node's hash covers: its rendered command,
// the parameter values it consumes, the definitions of the datasets it
// reads and writes (by their hashes), and its MLproject environment. Its
// name is left out, so a renamed but otherwise identical node keeps its
// hash.
func (w *jsonWriter) nodeDefinition(n *Node, datasets map[string]*Dataset) {
	w.Open('{')
	w.Key("command")
	w.command(n.Command)
	w.Key("datasets")
	names := make([]string, 0, len(n.Inputs)+len(n.Outputs))
	names = append(names, n.Inputs...)
	names = append(names, n.Outputs...)
	sort.Strings(names)
	w.Open('{')
	for i, name := range names {
		if i > 0 && names[i-1] == name {
			continue
		}
		if d := datasets[name]; d != nil {
			w.Key(name)
			w.Str(d.Hash)
		}
	}
	w.Close('}')
	if n.Environment != nil {
		w.Key("environment")
		w.environment(n.Environment)
	}
	w.Key("parameters")
	w.rawMap(n.Parameters)
	w.Close('}')
}
