package plan

import (
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pipeline"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// Which vet errors stop `kfc build` (docs/plan.md, "Errors in what the run
// does not use"). Kedro builds datasets lazily: an entry's class and
// arguments only matter when a node loads or saves it, and a parameter only
// when a node takes it. So an error of a rule whose scope is a dataset, a
// pattern or a parameter is excused when it lies wholly in definitions the
// selected nodes do not use. Everything else blocks, and so does any doubt:
// a position on a line that a used definition also occupies (an alias, a
// flow mapping on one line), a position that is on no line of a definition
// (line 0, a continuation line of a block scalar), a `_` template key.

// Uses is what a compiled plan's nodes use of the merged configuration, as
// the lines (file, line) their definitions occupy.
type Uses struct {
	hot         map[place]bool // lines of definitions the plan uses
	coldEntry   map[place]bool // lines of explicit catalog entries it does not use
	coldPattern map[place]bool // lines of factory patterns that resolve none of its datasets
	coldParam   map[place]bool // lines of parameters no node of it takes
}

type place struct {
	file string
	line int
}

// UsesOf collects what p uses of the merged catalog and parameters configs
// (either may be nil): the explicit entries named by its datasets, the
// patterns (catch-all included) that resolved them, and the parameters
// its nodes take (`params:a.b` uses a.b, everything below it, and the key
// lines of a and of a.b; `parameters` uses them all).
func UsesOf(p *Plan, catalog, params *tree.Node) *Uses {
	u := &Uses{hot: map[place]bool{}, coldEntry: map[place]bool{}, coldPattern: map[place]bool{}, coldParam: map[place]bool{}}
	used := map[string]bool{} // catalog keys
	for _, d := range p.Datasets {
		switch {
		case d.Resolution == ResolvedExplicit:
			used[d.Name] = true
		case d.Pattern != "":
			used[d.Pattern] = true
		}
	}
	if catalog != nil && catalog.Kind == tree.Map {
		for i := range catalog.Pairs {
			pr := &catalog.Pairs[i]
			switch {
			case strings.HasPrefix(pr.Key, "_"): // a template: neither, so its lines block
			case used[pr.Key]:
				u.markPair(pr, u.hot)
			case strings.Contains(pr.Key, "{"): // catalog.IsPattern, as Kedro's is_pattern
				u.markPair(pr, u.coldPattern)
			default:
				u.markPair(pr, u.coldEntry)
			}
		}
	}
	paths := map[string]bool{}     // used parameter paths
	ancestors := map[string]bool{} // their proper dotted prefixes
	all := false
	for _, n := range p.Nodes {
		for ref := range n.Parameters {
			if ref == "parameters" {
				all = true
				continue
			}
			k := pipeline.ParamKey(ref)
			paths[k] = true
			for i := 0; i < len(k); i++ {
				if k[i] == '.' {
					ancestors[k[:i]] = true
				}
			}
		}
	}
	if params != nil && params.Kind == tree.Map {
		for i := range params.Pairs {
			u.markParam(&params.Pairs[i], "", all, paths, ancestors)
		}
	}
	return u
}

func (u *Uses) markParam(pr *tree.Pair, parent string, under bool, paths, ancestors map[string]bool) {
	path := pr.Key
	if parent != "" {
		path = parent + "." + pr.Key
	}
	switch {
	case under || paths[path]:
		u.markPair(pr, u.hot)
	case ancestors[path]: // a used parameter below: its key line is used, each child is decided alone
		u.mark(pr.KeyPos(), u.hot)
		if v := pr.Value; v != nil && v.Kind == tree.Map {
			u.mark(v.Pos(), u.hot)
			for i := range v.Pairs {
				u.markParam(&v.Pairs[i], path, false, paths, ancestors)
			}
		} else {
			u.markPair(pr, u.hot) // a dotted key ("a.b": 1) or a value the path cannot enter
		}
	default:
		u.markPair(pr, u.coldParam)
	}
}

func (u *Uses) markPair(pr *tree.Pair, set map[place]bool) {
	u.mark(pr.KeyPos(), set)
	seen := map[*tree.Node]bool{}
	var walk func(n *tree.Node)
	walk = func(n *tree.Node) {
		if n == nil || seen[n] { // aliases share nodes: walk each once
			return
		}
		seen[n] = true
		u.mark(n.Pos(), set)
		for i := range n.Pairs {
			u.mark(n.Pairs[i].KeyPos(), set)
			walk(n.Pairs[i].Value)
		}
		for _, it := range n.Items {
			walk(it)
		}
	}
	walk(pr.Value)
}

func (u *Uses) mark(pos diag.Pos, set map[place]bool) {
	if pos.File != "" && pos.Line > 0 {
		set[place{pos.File, pos.Line}] = true
	}
}

// Excusable reports whether no error of items is of diag.ScopeProject,
// that is whether some selection could leave every error out; when it is
// false the build refuses without compiling.
func Excusable(items []diag.Diagnostic, scope func(rule string) diag.Scope) bool {
	for _, d := range items {
		if d.Severity == diag.Error && scope(d.Rule) == diag.ScopeProject {
			return false
		}
	}
	return true
}

// Blocking returns the errors of items (project-relative positions, as
// the compiler reports them) that stop the build whose uses are u: all of
// them when u is nil. scope gives a finding's rule its diag.Scope.
func Blocking(items []diag.Diagnostic, scope func(rule string) diag.Scope, u *Uses) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, d := range items {
		if d.Severity == diag.Error && (u == nil || !u.excuses(d, scope(d.Rule))) {
			out = append(out, d)
		}
	}
	return out
}

func (u *Uses) excuses(d diag.Diagnostic, s diag.Scope) bool {
	at := place{d.Pos.File, d.Pos.Line}
	if d.Pos.File == "" || d.Pos.Line == 0 || u.hot[at] {
		return false
	}
	switch s {
	case diag.ScopeDataset:
		return u.coldEntry[at] || u.coldPattern[at]
	case diag.ScopePattern:
		return u.coldPattern[at] && !u.coldEntry[at]
	case diag.ScopeParameter:
		return u.coldParam[at]
	}
	return false
}
