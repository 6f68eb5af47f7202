package pipeline

import (
	"strconv"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// nodes reads a `nodes:` list.
func (p *parser) nodes(v *tree.Node, keyPos diag.Pos) []*Node {
	if v == nil || v.Kind == tree.Null {
		return nil
	}
	if v.Kind != tree.Seq {
		p.diags.Reportf(v.Pos(), CodeFormat, "nodes must be a list of nodes, got %s", describe(v))
		return nil
	}
	out := make([]*Node, 0, len(v.Items))
	for _, it := range v.Items {
		if n := p.node(it, keyPos); n != nil {
			out = append(out, n)
		}
	}
	return out
}

// node reads one node mapping.
func (p *parser) node(v *tree.Node, at diag.Pos) *Node {
	if v == nil || v.Kind != tree.Map {
		p.diags.Reportf(posOf(v, at), CodeFormat, "a node must be a mapping with name, run or entry_point, inputs and outputs, got %s", describe(v))
		return nil
	}
	n := &Node{Pos: v.Pos()}
	var runNode, shellNode, inputsNode, paramsNode *tree.Node
	var hasRun, hasEntry, hasKedro, declared bool
	var inputsKey diag.Pos
	for _, pair := range v.Pairs {
		val := pair.Value
		switch pair.Key {
		case "name":
			if s, ok := p.str(val, pair.KeyPos(), "name"); ok {
				n.LocalName = s
				n.Pos = val.Pos()
				if !ValidName(s) {
					p.diags.Reportf(val.Pos(), CodeInvalidName, "%q is not a valid node name: use only letters, digits, hyphens, underscores and full stops", s)
				}
			}
		case "run":
			hasRun = true
			runNode = val
		case "shell":
			if val == nil || val.Kind != tree.Bool {
				p.diags.Reportf(posOf(val, pair.KeyPos()), CodeFormat, "shell must be true or false, got %s", describe(val))
			} else {
				n.Shell = val.Bool
				shellNode = val
			}
		case "entry_point":
			hasEntry = true
			if s, ok := p.str(val, pair.KeyPos(), "entry_point"); ok {
				if s == "" {
					p.diags.Reportf(val.Pos(), CodeFormat, "entry_point is empty")
				}
				n.EntryPoint, n.EntryPos = s, val.Pos()
			}
		case "kedro":
			hasKedro = true
			p.kedroFunction(n, val, pair.KeyPos())
		case "confirms":
			n.Confirms = p.confirms(val, pair.KeyPos())
		case "inputs":
			inputsNode, inputsKey = val, pair.KeyPos()
			declared = declared || (val != nil && val.Kind != tree.Null)
		case "outputs":
			n.Outputs = p.bindings(val, pair.KeyPos(), "outputs")
			declared = declared || (val != nil && val.Kind != tree.Null)
		case "params":
			paramsNode = val
			n.Params = p.bindings(val, pair.KeyPos(), "params")
			declared = declared || (val != nil && val.Kind != tree.Null)
		case "tags":
			n.Tags = p.tags(val, pair.KeyPos())
		case "namespace":
			if s, ok := p.str(val, pair.KeyPos(), "namespace"); ok {
				if !ValidNamespace(s) {
					p.diags.Reportf(val.Pos(), CodeInvalidName, "%q is not a valid namespace: use dot-separated parts of letters, digits, hyphens and underscores", s)
				}
				n.Namespace = s
			}
		default:
			hint := didYouMean(pair.Key, nodeKeys())
			if pair.Key == "func" && hint == "" {
				hint = ": kfc nodes run processes, give run: (an argument list) or entry_point: (an MLproject entry point)"
			}
			p.diags.Reportf(pair.KeyPos(), CodeFormat, "unknown key %q in a node%s", pair.Key, hint)
		}
	}
	if inputsNode != nil {
		if hasKedro {
			p.kedroInputs(n, inputsNode, inputsKey)
		} else {
			n.Inputs = p.bindings(inputsNode, inputsKey, "inputs")
		}
	}
	if n.Kedro != nil {
		n.Kedro.OutputsForm = formOf(v.Get("outputs"))
	}
	n.Name = n.LocalName
	if n.Namespace != "" {
		n.Name = n.Namespace + "." + n.LocalName
	}
	label := "node"
	if n.LocalName == "" {
		if v.Get("name") == nil {
			p.diags.Reportf(v.Pos(), CodeFormat, "node has no name: every node needs a name, unique in its pipeline")
		} else if val := v.Get("name"); val.Kind == tree.String {
			p.diags.Reportf(val.Pos(), CodeInvalidName, "node name is empty")
		}
	} else {
		label = "node " + quote(n.Name)
	}
	switch {
	case hasRun && hasEntry:
		p.diags.Reportf(n.Pos, CodeNodeCommand, "%s has both run and entry_point: give one", label)
	case hasKedro && (hasRun || hasEntry):
		p.diags.Reportf(n.Pos, CodeNodeCommand, "%s has kedro and also run or entry_point: give one", label)
	case !hasRun && !hasEntry && !hasKedro:
		p.diags.Reportf(n.Pos, CodeNodeCommand, "%s has neither run nor entry_point: give a command to run", label)
	case hasKedro && paramsNode != nil:
		p.diags.Reportf(posOf(paramsNode, n.Pos), CodeFormat, "a kedro node takes its parameters under inputs, as Kedro writes them (inputs: [x, params:alpha]), not under params:")
	case hasKedro && shellNode != nil:
		p.diags.Reportf(shellNode.Pos(), CodeNodeCommand, "shell applies to run, not to kedro")
	case !hasKedro && len(n.Confirms) > 0:
		p.diags.Reportf(v.Get("confirms").Pos(), CodeFormat, "confirms applies to kedro nodes only")
	case hasEntry && shellNode != nil && n.Shell:
		p.diags.Reportf(shellNode.Pos(), CodeNodeCommand, "shell applies to run, not to entry_point: MLflow already runs entry points through a shell")
	}
	if hasRun {
		p.run(n, runNode, label)
	}
	if !declared && !hasKedro {
		p.diags.Reportf(n.Pos, CodeFormat, "%s has no inputs, outputs or params: it must have some", label)
	}
	return n
}

// run reads the command: an argument vector, or one string with shell: true.
func (p *parser) run(n *Node, v *tree.Node, label string) {
	switch {
	case v == nil || v.Kind == tree.Null:
		p.diags.Reportf(n.Pos, CodeNodeCommand, "%s has an empty run", label)
		return
	case v.Kind == tree.String && n.Shell && v.Text == "":
		p.diags.Reportf(v.Pos(), CodeNodeCommand, "%s has an empty run", label)
	case v.Kind == tree.String && n.Shell:
		n.Run = []string{v.Text}
		p.template(n, v, label)
	case v.Kind == tree.String:
		p.diags.Reportf(v.Pos(), CodeFormat, "run is a string: write it as a list of arguments ([python, script.py, ...]) or set shell: true to run it with sh -c")
	case v.Kind == tree.Seq && n.Shell:
		p.diags.Reportf(v.Pos(), CodeFormat, "with shell: true, run must be one command string, not a list")
	case v.Kind == tree.Seq:
		if len(v.Items) == 0 {
			p.diags.Reportf(v.Pos(), CodeNodeCommand, "%s has an empty run", label)
		}
		n.Run = make([]string, 0, len(v.Items))
		n.run = make([][]segment, 0, len(v.Items))
		for _, it := range v.Items {
			if it == nil || !it.IsScalar() || it.Kind == tree.Null {
				p.diags.Reportf(posOf(it, v.Pos()), CodeFormat, "run arguments must be strings, got %s", describe(it))
				continue
			}
			// A number or boolean keeps the text it was written with:
			// `--epochs, 10` passes "10", not a re-formatted value.
			n.Run = append(n.Run, it.Text)
			p.template(n, it, label)
		}
		if len(n.Run) == 0 {
			n.Run, n.run = nil, nil // as without the room made above
		}
	default:
		p.diags.Reportf(v.Pos(), CodeFormat, "run must be a list of arguments, got %s", describe(v))
	}
}

// template parses one run argument and checks that its placeholders name
// bindings of the node.
func (p *parser) template(n *Node, v *tree.Node, label string) {
	segs, err := parseTemplate(v.Text)
	if err != nil {
		p.diags.Reportf(v.Pos(), CodePlaceholder, "%s", err)
		n.run = append(n.run, []segment{{text: v.Text}})
		return
	}
	n.run = append(n.run, segs)
	for _, s := range segs {
		if s.kind == "" || n.binding(s.kind, s.text) != nil {
			continue
		}
		var keys []string
		for _, b := range map[string][]Binding{KindIn: n.Inputs, KindOut: n.Outputs, KindParams: n.Params}[s.kind] {
			keys = append(keys, s.kind+"."+b.Key)
		}
		what := map[string]string{KindIn: "input", KindOut: "output", KindParams: "params entry"}[s.kind]
		p.diags.Reportf(v.Pos(), CodePlaceholder, "{%s.%s} names no %s of %s%s", s.kind, s.text, what, label, didYouMeanBraced(s.kind+"."+s.text, keys))
	}
}

// bindings reads inputs, outputs or params: a name, a list of names, or a
// mapping of placeholder (argument) name to name.
func (p *parser) bindings(v *tree.Node, keyPos diag.Pos, field string) []Binding {
	var out []Binding
	add := func(key string, val *tree.Node, at diag.Pos) {
		name, ok := p.str(val, at, field+" name")
		if !ok {
			return
		}
		b, ok := p.binding(field, key, name, val.Pos())
		if ok {
			out = append(out, b)
		}
	}
	switch {
	case v == nil || v.Kind == tree.Null:
	case v.Kind == tree.String:
		add("", v, keyPos)
	case v.Kind == tree.Seq:
		for _, it := range v.Items {
			add("", it, v.Pos())
		}
	case v.Kind == tree.Map:
		for _, pair := range v.Pairs {
			if !ValidName(pair.Key) {
				p.diags.Reportf(pair.KeyPos(), CodeInvalidName, "%q is not a valid %s key: use only letters, digits, hyphens, underscores and full stops", pair.Key, field)
			}
			add(pair.Key, pair.Value, pair.KeyPos())
		}
	default:
		p.diags.Reportf(v.Pos(), CodeFormat, "%s must be a name, a list of names or a mapping, got %s", field, describe(v))
	}
	return out
}

// binding checks one name against its field: params only take parameter
// references, inputs and outputs only datasets.
func (p *parser) binding(field, key, name string, pos diag.Pos) (Binding, bool) {
	if name == "" {
		p.diags.Reportf(pos, CodeFormat, "empty name in %s", field)
		return Binding{}, false
	}
	if field == "params" {
		if !IsParameter(name) || name == "params:" {
			p.diags.Reportf(pos, CodeFormat, "params takes parameter references like params:model_options.alpha or parameters, got %q", name)
			return Binding{}, false
		}
		if key == "" {
			key = ParamKey(name)
			if key == "" {
				key = "parameters"
			}
		}
		return Binding{Key: key, Dataset: name, Pos: pos}, true
	}
	if IsParameter(name) {
		if field == "inputs" {
			p.diags.Reportf(pos, CodeFormat, "%q is a parameter: bind it under params:, not inputs:", name)
		} else {
			p.diags.Reportf(pos, CodeFormat, "%q is a parameter: a node cannot write parameters", name)
		}
		return Binding{}, false
	}
	p.checkTranscoding(name, pos)
	if key == "" {
		key = name
	}
	return Binding{Key: key, Dataset: name, Pos: pos}, true
}

func quote(s string) string { return strconv.Quote(s) }
