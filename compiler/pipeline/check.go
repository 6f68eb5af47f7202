package pipeline

import (
	"fmt"
	"sort"
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
)

// Check runs every graph check on p: what Kedro's Node and Pipeline
// constructors refuse. The build step calls it; `kfc vet` runs the same
// checks as separate rules.
func Check(p *Pipeline, diags *diag.List) {
	CheckDuplicateNodes(p, diags)
	CheckDuplicateOutputs(p, diags)
	CheckSameInputOutput(p, diags)
	CheckTranscoding(p, diags)
	CheckCycles(p, diags)
}

// CheckDuplicateNodes reports every node whose full name an earlier node
// (in definition order) already has.
func CheckDuplicateNodes(p *Pipeline, diags *diag.List) {
	first := make(map[string]*Node, len(p.defined))
	for _, n := range p.defined {
		if n.Name == "" {
			continue // reported by Parse
		}
		prev, dup := first[n.Name]
		if !dup {
			first[n.Name] = n
			continue
		}
		diags.Add(diag.Diagnostic{
			Pos: n.Pos, Code: CodeDuplicateNode,
			Message: fmt.Sprintf("node name %q is used by more than one node: node names must be unique in a pipeline", n.Name),
			Notes:   []diag.Note{{Pos: prev.Pos, Message: "first used here"}},
		})
	}
}

// CheckDuplicateOutputs reports a dataset written by two nodes, or twice by
// one node, with transcoding stripped (Kedro's OutputNotUniqueError).
func CheckDuplicateOutputs(p *Pipeline, diags *diag.List) {
	type writer struct {
		node *Node
		b    *Binding
	}
	outputs := 0
	for _, n := range p.defined {
		outputs += len(n.Outputs)
	}
	first := make(map[string]writer, outputs)
	for _, n := range p.defined {
		for i := range n.Outputs {
			b := &n.Outputs[i]
			base := StripTranscoding(b.Dataset)
			prev, dup := first[base]
			if !dup {
				first[base] = writer{n, b}
				continue
			}
			what := fmt.Sprintf("%q", b.Dataset)
			if prev.b.Dataset != b.Dataset {
				what = fmt.Sprintf("%q (the same dataset as %q)", b.Dataset, prev.b.Dataset)
			}
			msg := fmt.Sprintf("%s is already written by node %q: every dataset has one writer", what, prev.node.Name)
			if prev.node == n {
				msg = fmt.Sprintf("node %q writes %s twice", n.Name, what)
			}
			diags.Add(diag.Diagnostic{
				Pos: b.Pos, Code: CodeDuplicateOutput, Message: msg,
				Notes: []diag.Note{{Pos: prev.b.Pos, Message: "first written here"}},
			})
		}
	}
}

// CheckSameInputOutput reports a node that reads a dataset it writes, even
// under another transcoding suffix.
func CheckSameInputOutput(p *Pipeline, diags *diag.List) {
	for _, n := range p.defined {
		for _, b := range n.Outputs {
			// A node has a few inputs: the first one with the output's
			// graph name, found by a scan (a map per node cost more than
			// the whole check).
			base := StripTranscoding(b.Dataset)
			in, ok := "", false
			for _, r := range n.Inputs {
				if StripTranscoding(r.Dataset) == base {
					in, ok = r.Dataset, true
					break
				}
			}
			if !ok {
				continue
			}
			if in == b.Dataset {
				diags.Reportf(b.Pos, CodeSameInputOutput, "node %q reads and writes %q: a node cannot have the same inputs and outputs", displayName(n), b.Dataset)
			} else {
				diags.Reportf(b.Pos, CodeSameInputOutput, "node %q reads %q and writes %q: a node cannot have the same inputs and outputs, even transcoded", displayName(n), in, b.Dataset)
			}
		}
	}
}

// CheckTranscoding reports a dataset referenced both as `x` and `x@fmt`, at
// its first plain reference.
func CheckTranscoding(p *Pipeline, diags *diag.List) {
	if !p.transcoded() {
		return // nothing to report, and no sorted list of names to build
	}
	variants := map[string][]string{}
	for _, name := range p.Datasets() {
		if base, _, ok := splitTranscoding(name); ok {
			variants[base] = append(variants[base], name)
		}
	}
	if len(variants) == 0 {
		return
	}
	reported := map[string]bool{}
	for _, n := range p.defined {
		for _, list := range [][]Binding{n.Inputs, n.Outputs} {
			for _, b := range list {
				v := variants[b.Dataset]
				if len(v) == 0 || reported[b.Dataset] {
					continue
				}
				reported[b.Dataset] = true
				sort.Strings(v)
				diags.Reportf(b.Pos, CodeTranscoding, "%q is used both without and with transcoding (%s): reference it with a transcoding suffix everywhere, or rename one of them", b.Dataset, joinQuoted(v))
			}
		}
	}
}

// CheckCycles reports each dependency cycle at its smallest-named node.
func CheckCycles(p *Pipeline, diags *diag.List) {
	for _, c := range p.Cycles() {
		diags.Reportf(c[0].Pos, CodeCycle, "dependency cycle: %s", FormatCycle(c))
	}
}

// transcoded reports whether some node reads or writes an `x@fmt` name.
func (p *Pipeline) transcoded() bool {
	for _, n := range p.defined {
		for _, list := range [][]Binding{n.Inputs, n.Outputs} {
			for _, b := range list {
				if strings.Contains(b.Dataset, TranscodingSeparator) {
					return true
				}
			}
		}
	}
	return false
}
