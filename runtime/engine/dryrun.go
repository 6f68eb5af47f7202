package engine

import (
	"fmt"
	"strings"

	"github.com/kfc-dev/kfc/internal/esc"
)

// dryRun decides every node in plan order as a run would, without running
// anything: a node whose dependency would run would run too (its inputs
// would change). It prints one line per node to Stdout.
func (r *run) dryRun() *Result {
	res := &Result{RunID: r.id, Nodes: make([]NodeResult, len(r.p.Nodes))}
	would := map[string]bool{}
	for i, n := range r.p.Nodes {
		upstream := ""
		for _, dep := range n.DependsOn {
			if would[dep] {
				upstream = strings.TrimPrefix(dep, "node.")
				break
			}
		}
		nr := NodeResult{}
		io, err := r.resolveIO(n, upstream != "")
		var d decision
		if err == nil {
			d, err = r.decide(n, io, upstream)
		}
		switch {
		case err != nil:
			nr = NodeResult{Status: Failed, Reason: "would fail: " + err.Error()}
			would[n.ID] = true // its dependents cannot be up to date
			fmt.Fprintln(r.opt.Stdout, esc.Text(fmt.Sprintf("%s: would fail: %v", n.Name, err)))
		case d.run:
			nr = NodeResult{Status: NotRun, Reason: d.reason, WouldRun: true}
			would[n.ID] = true
			for _, a := range io.out {
				if a.version != "" {
					r.setVersion(a.name, a.version)
				}
			}
			fmt.Fprintln(r.opt.Stdout, esc.Text(fmt.Sprintf("%s: would run: %s", n.Name, d.reason)))
		default:
			nr = r.skipped(io, d)
			fmt.Fprintln(r.opt.Stdout, esc.Text(fmt.Sprintf("%s: would skip: %s", n.Name, d.reason)))
		}
		res.Nodes[i] = nr
	}
	if err := r.cache.Save(); err != nil {
		fmt.Fprintln(r.opt.Stderr, esc.Text(fmt.Sprintf("kfc: warning: could not save the digest cache: %v", err)))
	}
	return res
}
