package pipeline

import (
	"sort"
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// parser carries the findings list through the reading functions.
type parser struct {
	diags *diag.List
}

// Parse reads the merged `pipelines` config: a mapping from pipeline name
// to definition. A top-level key starting with `_` (other than
// __default__) is private: a template that other pipelines reuse with
// `from:` or a list, never run or checked on its own (its nodes are checked
// where they are reused), and skipped entirely when nothing refers to it,
// so it can also hold YAML anchors. Problems are reported to diags with
// positions; whatever could be read is kept, so later checks still run on
// the rest.
func Parse(root *tree.Node, diags *diag.List) *Registry {
	r := &Registry{defs: map[string]*Definition{}, broken: map[string]bool{}}
	if root == nil {
		return r
	}
	p := &parser{diags: diags}
	if root.Kind != tree.Map {
		diags.Reportf(root.Pos(), CodeFormat, "pipelines config must map pipeline names to definitions, got %s", describe(root))
		return r
	}
	private := map[string]*tree.Pair{}
	var todo []*Definition
	for i := range root.Pairs {
		pair := &root.Pairs[i]
		r.keys = append(r.keys, pair.Key)
		if isPrivate(pair.Key) {
			private[pair.Key] = pair
			continue
		}
		def := r.add(p, pair)
		r.order = append(r.order, pair.Key)
		todo = append(todo, def)
	}
	// Read the private definitions the others refer to, transitively.
	for len(todo) > 0 {
		def := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		for _, ref := range def.From {
			if pair := private[ref.Name]; pair != nil && r.defs[ref.Name] == nil {
				todo = append(todo, r.add(p, pair))
			}
		}
	}
	r.checkReferences(diags)
	return r
}

// isPrivate reports whether a top-level key names a private pipeline.
func isPrivate(name string) bool {
	return strings.HasPrefix(name, "_") && name != DefaultPipeline
}

// add reads one definition into the registry.
func (r *Registry) add(p *parser, pair *tree.Pair) *Definition {
	if !ValidName(pair.Key) {
		p.diags.Reportf(pair.KeyPos(), CodeInvalidName, "%q is not a valid pipeline name: use only letters, digits, hyphens, underscores and full stops", pair.Key)
	}
	def := p.definition(pair.Key, pair.KeyPos(), pair.Value)
	if def == nil {
		// Unreadable: keep the name so references to it do not add
		// "no pipeline named" findings, and mark it broken.
		def = &Definition{Name: pair.Key, Pos: pair.KeyPos()}
		r.broken[pair.Key] = true
	}
	r.defs[pair.Key] = def
	return def
}

// definition reads one pipeline: a list of pipeline names (their sum) or a
// mapping with nodes: or from: and optional wrapper keys.
func (p *parser) definition(name string, keyPos diag.Pos, v *tree.Node) *Definition {
	def := &Definition{Name: name, Pos: keyPos, PrefixDatasets: true}
	if v == nil || v.Kind == tree.Null {
		p.diags.Reportf(keyPos, CodeFormat, "pipeline %q is empty: give it nodes:, from: or a list of pipeline names", name)
		return nil
	}
	switch v.Kind {
	case tree.Seq:
		def.From = p.refs(v, "a pipeline name")
		return def
	case tree.Map:
	default:
		p.diags.Reportf(v.Pos(), CodeFormat, "pipeline %q must be a mapping with nodes: or from:, or a list of pipeline names, got %s", name, describe(v))
		return nil
	}
	for _, pair := range v.Pairs {
		val := pair.Value
		switch pair.Key {
		case "nodes":
			def.HasNodes = true
			def.Nodes = p.nodes(val, pair.KeyPos())
		case "from":
			if val != nil && val.Kind == tree.Seq {
				def.From = p.refs(val, "a pipeline name")
			} else if s, ok := p.str(val, pair.KeyPos(), "from"); ok {
				def.From = []Ref{{Name: s, Pos: val.Pos()}}
			}
		case "namespace":
			if s, ok := p.str(val, pair.KeyPos(), "namespace"); ok {
				if !ValidNamespace(s) {
					p.diags.Reportf(val.Pos(), CodeInvalidName, "%q is not a valid namespace: use dot-separated parts of letters, digits, hyphens and underscores", s)
				}
				def.Namespace = s
			}
		case "inputs", "outputs", "parameters":
			m := p.remap(val, pair.KeyPos(), pair.Key)
			switch pair.Key {
			case "inputs":
				def.Inputs = m
			case "outputs":
				def.Outputs = m
			default:
				for i := range m.Pairs {
					m.Pairs[i].From = normalizeParam(m.Pairs[i].From)
					m.Pairs[i].To = normalizeParam(m.Pairs[i].To)
				}
				def.Params = m
			}
		case "tags":
			def.Tags = p.tags(val, pair.KeyPos())
		case "prefix_datasets_with_namespace":
			if val == nil || val.Kind != tree.Bool {
				p.diags.Reportf(posOf(val, pair.KeyPos()), CodeFormat, "prefix_datasets_with_namespace must be true or false, got %s", describe(val))
			} else {
				def.PrefixDatasets = val.Bool
			}
		default:
			p.diags.Reportf(pair.KeyPos(), CodeFormat, "unknown key %q in pipeline %q%s", pair.Key, name, didYouMean(pair.Key, definitionKeys()))
		}
	}
	switch {
	case def.HasNodes && def.From != nil:
		p.diags.Reportf(keyPos, CodeFormat, "pipeline %q has both nodes: and from:; a pipeline either lists its nodes or reuses others", name)
	case !def.HasNodes && def.From == nil && v.Get("from") == nil:
		p.diags.Reportf(keyPos, CodeFormat, "pipeline %q needs nodes: or from:", name)
	}
	return def
}

// refs reads a list of pipeline names.
func (p *parser) refs(v *tree.Node, what string) []Ref {
	out := []Ref{}
	for _, it := range v.Items {
		if it == nil || it.Kind != tree.String || it.Text == "" {
			p.diags.Reportf(posOf(it, v.Pos()), CodeFormat, "expected %s, got %s", what, describe(it))
			continue
		}
		out = append(out, Ref{Name: it.Text, Pos: it.Pos()})
	}
	return out
}

// remap reads a wrapper's inputs/outputs/parameters: a name, a list of
// names (kept as they are) or a mapping old -> new.
func (p *parser) remap(v *tree.Node, keyPos diag.Pos, field string) *Remap {
	m := &Remap{Pos: posOf(v, keyPos)}
	switch {
	case v == nil || v.Kind == tree.Null:
	case v.Kind == tree.String:
		m.Pairs = append(m.Pairs, Rename{From: v.Text, To: v.Text, Pos: v.Pos()})
	case v.Kind == tree.Seq:
		for _, it := range v.Items {
			if s, ok := p.str(it, v.Pos(), field+" item"); ok {
				m.Pairs = append(m.Pairs, Rename{From: s, To: s, Pos: it.Pos()})
			}
		}
	case v.Kind == tree.Map:
		for _, pair := range v.Pairs {
			if s, ok := p.str(pair.Value, pair.KeyPos(), field+" value"); ok {
				m.Pairs = append(m.Pairs, Rename{From: pair.Key, To: s, Pos: pair.KeyPos()})
			}
		}
	default:
		p.diags.Reportf(v.Pos(), CodeFormat, "%s must be a name, a list of names or a mapping of old to new names, got %s", field, describe(v))
	}
	for _, rn := range m.Pairs {
		p.checkTranscoding(rn.To, rn.Pos)
	}
	return m
}

// tags reads a tag or a list of tags, sorted and unique.
func (p *parser) tags(v *tree.Node, keyPos diag.Pos) []string {
	var items []*tree.Node
	switch {
	case v == nil || v.Kind == tree.Null:
		return nil
	case v.Kind == tree.Seq:
		items = v.Items
	default:
		items = []*tree.Node{v}
	}
	var out []string
	for _, it := range items {
		s, ok := p.str(it, keyPos, "a tag")
		if !ok {
			continue
		}
		if !ValidName(s) {
			p.diags.Reportf(it.Pos(), CodeInvalidName, "%q is not a valid tag: use only letters, digits, hyphens, underscores and full stops", s)
		}
		out = append(out, s)
	}
	return sortedUnique(out)
}

// str reads a string scalar; anything else is a format finding.
func (p *parser) str(v *tree.Node, at diag.Pos, what string) (string, bool) {
	if v == nil || v.Kind != tree.String {
		p.diags.Reportf(posOf(v, at), CodeFormat, "%s must be a string, got %s", what, describe(v))
		return "", false
	}
	return v.Text, true
}

// checkTranscoding reports names with more than one `@`, as Kedro's
// _transcode_split does.
func (p *parser) checkTranscoding(name string, pos diag.Pos) {
	if n := strings.Count(name, TranscodingSeparator); n > 1 {
		p.diags.Reportf(pos, CodeTranscoding, "expected at most 1 transcoding separator, found %d in %q", n, name)
	}
}

func posOf(v *tree.Node, fallback diag.Pos) diag.Pos {
	if v == nil || v.Pos().IsZero() {
		return fallback
	}
	return v.Pos()
}

// describe names a value's type for messages.
func describe(v *tree.Node) string {
	if v == nil {
		return "nothing"
	}
	switch v.Kind {
	case tree.Null:
		return "null"
	case tree.Bool:
		return "a boolean (" + v.Text + ")"
	case tree.Int, tree.Float:
		return "a number (" + v.Text + ")"
	case tree.String:
		return "a string"
	case tree.Map:
		return "a mapping"
	case tree.Seq:
		return "a list"
	}
	return v.Kind.String()
}

func sortedUnique(in []string) []string {
	if len(in) == 0 {
		return nil
	}
	out := append([]string(nil), in...)
	sort.Strings(out)
	w := 1
	for i := 1; i < len(out); i++ {
		if out[i] != out[w-1] {
			out[w] = out[i]
			w++
		}
	}
	return out[:w]
}
