package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/runtime/lockfile"
)

// decision is whether a node runs, and why.
type decision struct {
	run    bool
	reason string
	inputs []lockfile.Artifact // the inputs' digests now (nil for a dry run's would-be outputs)
	entry  *lockfile.Entry     // the lock's record, when the node is skipped
}

// decide says whether node n must run. upstream is, for a dry run, the
// first dependency that would run ("" otherwise: in a real run the
// dependencies have finished and their outputs are on disk).
//
// Order of the checks, each giving the reason: --force; no outputs (an
// MLproject entry point: nothing tells it is up to date); an external output
// (never skipped by content) or input (cannot be checked); a run-folder
// output (gone with its run); no record in kfc.lock; the node hash (command,
// parameters, dataset definitions) changed; an upstream node that would run
// (dry run); each input's digest; each recorded output's presence and
// digest. Otherwise the node is up to date.
func (r *run) decide(n *plan.Node, io nodeIO, upstream string) (decision, error) {
	var d decision
	if upstream == "" {
		ins, err := r.digests(io.in)
		if err != nil {
			return d, err
		}
		d.inputs = ins
	}
	if r.omo != nil {
		why, runs := r.omo[r.index[n.ID]]
		if !runs { // a dry run: a real one does not get here
			why = "persisted outputs exist (--only-missing-outputs)"
		}
		d.run, d.reason = runs, why
		return d, nil
	}
	d.run = true
	if r.opt.Force {
		d.reason = "--force"
		return d, nil
	}
	if len(io.out) == 0 {
		d.reason = "declares no outputs (nothing to check)"
		return d, nil
	}
	for _, a := range io.out {
		if a.external {
			d.reason = fmt.Sprintf("output %s is external (%s): never skipped by content", a.name, a.path)
			return d, nil
		}
	}
	for _, a := range io.in {
		if a.external {
			d.reason = fmt.Sprintf("input %s is external (%s): cannot be checked", a.name, a.path)
			return d, nil
		}
	}
	for _, a := range io.out {
		if !a.d.Persisted {
			d.reason = fmt.Sprintf("output %s lives in the run folder (not kept between runs)", a.name)
			return d, nil
		}
	}
	e := r.lock.Get(n.ID)
	if e == nil {
		d.reason = "no record in kfc.lock"
		return d, nil
	}
	if e.NodeHash != n.Hash {
		d.reason = hashChange(n, e)
		return d, nil
	}
	if upstream != "" {
		d.reason = "upstream node " + upstream + " would run"
		return d, nil
	}
	recIn := byName(e.Inputs)
	for _, a := range d.inputs {
		old, ok := recIn[a.Name]
		switch {
		case !ok:
			d.reason = fmt.Sprintf("input %s not in its kfc.lock record", a.Name)
			return d, nil
		case old.Digest != a.Digest:
			d.reason = fmt.Sprintf("input %s changed (%s -> %s)", a.Name, short(old.Digest), short(a.Digest))
			return d, nil
		}
	}
	recOut := byName(e.Outputs)
	for _, a := range io.out {
		old, ok := recOut[a.name]
		if !ok {
			d.reason = fmt.Sprintf("output %s not in its kfc.lock record", a.name)
			return d, nil
		}
		p := abs(r.root, old.Path)
		if !r.exists(p) {
			d.reason = fmt.Sprintf("output %s missing (%s)", a.name, old.Path)
			return d, nil
		}
		now, err := r.sum(p)
		if err != nil {
			return d, fmt.Errorf("output %s: %w", a.name, err)
		}
		if now.Digest != old.Digest {
			d.reason = fmt.Sprintf("output %s changed (%s -> %s)", a.name, short(old.Digest), short(now.Digest))
			return d, nil
		}
	}
	return decision{run: false, reason: "up to date", inputs: d.inputs, entry: e}, nil
}

// hashChange names what changed when the node hash differs from the record.
func hashChange(n *plan.Node, e *lockfile.Entry) string {
	var keys []string
	for k := range n.Parameters {
		keys = append(keys, k)
	}
	for k := range e.Parameters {
		if _, ok := n.Parameters[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		now, old := string(n.Parameters[k]), compact(e.Parameters[k])
		if now == "" {
			now = "(none)"
		}
		if old == "" {
			old = "(none)"
		}
		if now != old {
			return fmt.Sprintf("parameter %s changed (%s -> %s)", k, old, now)
		}
	}
	if kedroSourceChange(n, e.Command) {
		return "function source changed"
	}
	if commandString(n.Command) != e.Command {
		return "command changed"
	}
	return "definition changed (a dataset's definition or the environment; node hash " + short(e.NodeHash) + " -> " + short(n.Hash) + ")"
}

func compact(b json.RawMessage) string {
	if len(b) == 0 {
		return ""
	}
	c, err := plan.Canonicalize(b)
	if err != nil {
		var buf bytes.Buffer
		if json.Compact(&buf, b) == nil {
			return buf.String()
		}
		return string(b)
	}
	return string(c)
}

// short abbreviates a digest for messages: sha256:ab12cd34..
func short(d string) string {
	if d == "" {
		return "(none)"
	}
	alg, hex, ok := strings.Cut(d, ":")
	if !ok || len(hex) <= 8 {
		return d
	}
	return alg + ":" + hex[:8] + ".."
}

func byName(as []lockfile.Artifact) map[string]lockfile.Artifact {
	m := make(map[string]lockfile.Artifact, len(as))
	for _, a := range as {
		m[a.Name] = a
	}
	return m
}

// digests records each artifact as the lock does (external ones without a
// digest).
func (r *run) digests(as []art) ([]lockfile.Artifact, error) {
	out := make([]lockfile.Artifact, 0, len(as))
	for _, a := range as {
		la := lockfile.Artifact{Name: a.name, Path: a.path, Version: a.version, External: a.external}
		if !a.external {
			s, err := r.sum(abs(r.root, a.path))
			if err != nil {
				return nil, fmt.Errorf("%s: %w", a.name, err)
			}
			la.Size, la.Digest = s.Size, s.Digest
		}
		out = append(out, la)
	}
	return out, nil
}

// onlyMissingOutputs is Kedro 1.x's --only-missing-outputs (kedro PR
// #4859): a node runs when one of its persisted outputs is missing (an
// external one counts as missing: kfc cannot look), or when a node that
// runs reads one of its run-folder outputs, which only exist within a run.
// Every other node is skipped. Returned: the nodes that run, with why.
func (r *run) onlyMissingOutputs() map[int]string {
	runs := map[int]string{}
	needs := map[int]bool{}
	for i := len(r.p.Nodes) - 1; i >= 0; i-- { // consumers before producers
		n := r.p.Nodes[i]
		why := ""
		for _, name := range n.Outputs {
			d := r.p.Datasets[name]
			switch {
			case d == nil || !d.Persisted:
				continue
			case isExternal(d):
				why = fmt.Sprintf("output %s is external: cannot check that it exists", name)
			case d.Versioned:
				if latestVersion(r.root, d.Path) == "" {
					why = fmt.Sprintf("output %s missing", name)
				}
			default:
				if _, err := os.Stat(abs(r.root, d.Path)); err != nil {
					why = fmt.Sprintf("output %s missing", name)
				}
			}
			if why != "" {
				break
			}
		}
		if why == "" && needs[i] {
			why = "a node that runs reads its run-folder output"
		}
		if why == "" {
			continue
		}
		runs[i] = why
		for _, name := range n.Inputs {
			d := r.p.Datasets[name]
			if d != nil && !d.Persisted {
				if j, ok := r.index[d.Producer]; ok {
					needs[j] = true
				}
			}
		}
	}
	return runs
}
