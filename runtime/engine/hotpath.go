package engine

import (
	"os/exec"
	"path/filepath"
)

// Per-node work kfc does around a node's process, done once a run where it
// can be (see docs/bench.md, "kfc exec against make").

// command is exec.Command with the PATH lookup of a bare command name
// done once per run rather than once per node: a thousand nodes running
// `python` or `dd` would otherwise stat every PATH entry a thousand times.
// Only a successful lookup is kept; kfc's own PATH does not change during
// a run (nodes get a copy), so the answer is the one exec.Command finds.
func (r *run) command(argv []string) *exec.Cmd {
	name := argv[0]
	if filepath.Base(name) != name || name == "" {
		return exec.Command(name, argv[1:]...)
	}
	r.mu.Lock()
	p, ok := r.paths[name]
	r.mu.Unlock()
	if !ok {
		var err error
		if p, err = exec.LookPath(name); err != nil || !filepath.IsAbs(p) {
			return exec.Command(name, argv[1:]...) // the same error, at Start
		}
		r.mu.Lock()
		r.paths[name] = p
		r.mu.Unlock()
	}
	cmd := exec.Command(p, argv[1:]...)
	cmd.Args[0] = name // argv[0] as the node wrote it, as exec.Command keeps it
	return cmd
}
