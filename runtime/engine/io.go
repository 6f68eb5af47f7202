package engine

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/kfc-dev/kfc/compiler/plan"
)

// art is one dataset a node reads or writes, as this run sees it.
type art struct {
	name     string
	d        *plan.Dataset
	path     string // project-relative (or absolute, or a URL) with tokens and version filled in
	version  string // versioned datasets only
	external bool
}

// nodeIO is a node's inputs and outputs, sorted by name as in the plan.
type nodeIO struct {
	in, out []art
}

// resolveIO fills in paths and versions. An output's version is the run's
// save version; an input's is the pinned --load-versions value, else the
// version its producer in this run wrote (or kept, when skipped), else the
// latest on disk. A versioned input with no version on disk is an error,
// before the node starts. With dry, inputs whose producer would run are not
// looked for on disk.
func (r *run) resolveIO(n *plan.Node, dry bool) (nodeIO, error) {
	var io nodeIO
	for _, name := range n.Inputs {
		d := r.p.Datasets[name]
		if d == nil {
			return io, fmt.Errorf("input %s is not in the plan's datasets", name)
		}
		a := art{name: name, d: d, external: isExternal(d)}
		if d.Versioned && !a.external {
			v, err := r.inputVersion(d)
			if err != nil {
				return io, err
			}
			a.version = v
		}
		a.path = datasetPath(d, r.id, a.version)
		if !a.external && !(dry && r.producedHere(d)) {
			if !r.exists(abs(r.root, a.path)) {
				return io, missingInput(a)
			}
		}
		io.in = append(io.in, a)
	}
	out, err := r.resolveOutputs(n)
	io.out = out
	return io, err
}

// resolveOutputs fills in the outputs' paths: versioned ones get the run's
// save version.
func (r *run) resolveOutputs(n *plan.Node) ([]art, error) {
	var out []art
	for _, name := range n.Outputs {
		d := r.p.Datasets[name]
		if d == nil {
			return nil, fmt.Errorf("output %s is not in the plan's datasets", name)
		}
		a := art{name: name, d: d, external: isExternal(d)}
		if d.Versioned && !a.external {
			a.version = r.version
		}
		a.path = datasetPath(d, r.id, a.version)
		out = append(out, a)
	}
	return out, nil
}

func missingInput(a art) error {
	switch {
	case a.d.LoadVersion != "":
		return fmt.Errorf("input %s: version %s (--load-versions) is not on disk: no %s", a.name, a.version, a.path)
	case a.d.Producer != "":
		return fmt.Errorf("input %s: %s does not exist (its producer %s is not part of this run)", a.name, a.path, strings.TrimPrefix(a.d.Producer, "node."))
	}
	return fmt.Errorf("input %s: %s does not exist", a.name, a.path)
}

// producedHere reports whether a node of this plan writes d.
func (r *run) producedHere(d *plan.Dataset) bool {
	_, ok := r.index[d.Producer]
	return d.Producer != "" && ok
}

func (r *run) inputVersion(d *plan.Dataset) (string, error) {
	if d.LoadVersion != "" {
		return d.LoadVersion, nil
	}
	base := baseName(d.Name)
	if r.producedHere(d) {
		r.mu.Lock()
		v := r.versions[base]
		r.mu.Unlock()
		if v != "" {
			return v, nil
		}
	}
	p := strings.ReplaceAll(d.Path, plan.RunIDToken, r.id)
	if v := latestVersion(r.root, p); v != "" {
		return v, nil
	}
	return "", fmt.Errorf("input %s: no version on disk (looked for %s)", d.Name, path.Join(p, "<version>", path.Base(p)))
}

// setVersion records the version readers of a dataset load in this run.
func (r *run) setVersion(name, v string) {
	r.mu.Lock()
	r.versions[baseName(name)] = v
	r.mu.Unlock()
}

var versionToken = regexp.MustCompile(`\{version:([^{}]*)\}`)

// render is n's command with the run-time tokens replaced and every local
// output's final path replaced by its staging path (staged maps one to the
// other; nil: final paths). The shell form runs as `bash -c`.
func (r *run) render(n *plan.Node, io nodeIO, staged map[string]string) ([]string, error) {
	var versions map[string]string // made at the first {version:} token
	var bad string
	version := func(tok string) string {
		if versions == nil {
			versions = map[string]string{}
			for _, as := range [][]art{io.in, io.out} {
				for _, a := range as {
					if a.version != "" {
						versions[baseName(a.name)] = a.version
					}
				}
			}
		}
		name := versionToken.FindStringSubmatch(tok)[1]
		v, ok := versions[name]
		if !ok {
			bad = name
			return tok
		}
		return v
	}
	subst := func(s string) string {
		if strings.IndexByte(s, '{') >= 0 { // a token: few arguments hold one
			s = strings.ReplaceAll(s, plan.RunIDToken, r.id)
			s = versionToken.ReplaceAllStringFunc(s, version)
		}
		for final, stage := range staged {
			s = replacePath(s, final, stage)
		}
		return s
	}
	var argv []string
	if n.Command.Shell != "" {
		argv = []string{"bash", "-c", subst(n.Command.Shell)}
	} else {
		argv = make([]string, 0, len(n.Command.Argv))
		for _, a := range n.Command.Argv {
			argv = append(argv, subst(a))
		}
	}
	if bad != "" {
		return nil, fmt.Errorf("the command uses {version:%s}, a dataset the node neither reads nor writes", bad)
	}
	if len(argv) == 0 {
		return nil, fmt.Errorf("empty command")
	}
	return argv, nil
}
