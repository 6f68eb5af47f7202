package pipeline

import "sort"

// remap applies a wrapper's namespace and inputs/outputs/parameters
// mappings to nodes, after validating the mappings the way Kedro's
// _validate_datasets_exist and _validate_inputs_outputs do. source names
// the wrapped pipeline in messages.
func (e *expander) remap(def *Definition, source string, nodes []*Node) []*Node {
	// What the wrapped pipeline reads and writes, transcoding stripped.
	existing := map[string]bool{}
	produced := map[string]string{} // dataset -> first node writing it
	read := map[string]bool{}
	for _, n := range nodes {
		for _, b := range n.Inputs {
			existing[StripTranscoding(b.Dataset)] = true
			read[StripTranscoding(b.Dataset)] = true
		}
		for _, b := range n.Params {
			existing[b.Dataset] = true
		}
		for _, b := range n.Outputs {
			base := StripTranscoding(b.Dataset)
			existing[base] = true
			if _, ok := produced[base]; !ok {
				produced[base] = n.Name
			}
		}
	}
	var known []string
	for k := range existing {
		known = append(known, k)
	}
	sort.Strings(known)
	free := func(base string) bool { _, out := produced[base]; return read[base] && !out }

	mapping := map[string]string{}
	if def.Inputs != nil {
		for _, rn := range def.Inputs.Pairs {
			base := StripTranscoding(rn.From)
			switch {
			case IsParameter(rn.From):
				e.diags.Reportf(rn.Pos, CodeRemap, "cannot remap %q under inputs: parameters are remapped under parameters:", rn.From)
				continue
			case !existing[base]:
				e.diags.Reportf(rn.Pos, CodeRemap, "cannot remap input %q: no node of %s reads or writes it%s", rn.From, source, didYouMean(base, known))
				continue
			case !free(base):
				e.diags.Reportf(rn.Pos, CodeRemap, "cannot remap input %q: node %q of %s writes it, and inputs: can only rename free inputs", rn.From, produced[base], source)
			}
			mapping[rn.From] = rn.To
		}
	}
	if def.Outputs != nil {
		for _, rn := range def.Outputs.Pairs {
			base := StripTranscoding(rn.From)
			switch {
			case !existing[base]:
				e.diags.Reportf(rn.Pos, CodeRemap, "cannot remap output %q: no node of %s reads or writes it%s", rn.From, source, didYouMean(base, known))
				continue
			case IsParameter(rn.From) || free(base):
				e.diags.Reportf(rn.Pos, CodeRemap, "cannot remap output %q: it is a free input of %s, and outputs: can only rename what its nodes write", rn.From, source)
			}
			mapping[rn.From] = rn.To
		}
	}
	if def.Params != nil {
		for _, rn := range def.Params.Pairs {
			if !existing[rn.From] {
				var params []string
				for _, k := range known {
					if IsParameter(k) {
						params = append(params, k)
					}
				}
				e.diags.Reportf(rn.Pos, CodeRemap, "cannot remap parameter %q: no node of %s uses it%s", rn.From, source, didYouMean(rn.From, params))
				continue
			}
			mapping[rn.From] = rn.To
		}
	}

	out := make([]*Node, len(nodes))
	for i, n := range nodes {
		c := n.clone()
		if def.Namespace != "" {
			if c.Namespace != "" {
				c.Namespace = def.Namespace + "." + c.Namespace
			} else {
				c.Namespace = def.Namespace
			}
			c.Name = c.Namespace + "." + c.LocalName
		}
		for _, list := range [][]Binding{c.Inputs, c.Outputs, c.Params} {
			for j := range list {
				list[j].Dataset = rename(list[j].Dataset, mapping, def.Namespace, def.PrefixDatasets)
			}
		}
		for j := range c.Confirms {
			c.Confirms[j] = rename(c.Confirms[j], mapping, def.Namespace, def.PrefixDatasets)
		}
		out[i] = c
	}
	return out
}

// rename is Kedro's Pipeline._rename: the first matching rule wins.
func rename(name string, mapping map[string]string, namespace string, prefix bool) string {
	if to, ok := mapping[name]; ok {
		return to
	}
	if name == "parameters" {
		return name
	}
	if base, suffix, ok := splitTranscoding(name); ok {
		if to, mapped := mapping[base]; mapped {
			return to + TranscodingSeparator + suffix
		}
	}
	if prefix && namespace != "" {
		if IsParameter(name) {
			return "params:" + namespace + "." + ParamKey(name)
		}
		return namespace + "." + name
	}
	return name
}
