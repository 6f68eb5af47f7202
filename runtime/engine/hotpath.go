package engine

import (
	"os"
	"os/exec"
	"path/filepath"
)

// The per-node work that is not the node's own lives here, kept off the
// path from one node's end to the next one's start (see docs/bench.md,
// "kfc exec against make").

// janitor removes the staging folders of nodes whose outputs were
// promoted, on its own goroutine: removing a folder can wait for the disk
// (ext4 with online discard issues one per rmdir), and a node's dependents
// need not wait for that. The run waits for it before it ends, so a
// finished run leaves no staging folder of a successful node behind.
type janitor struct {
	dirs chan string
	done chan struct{}
}

func (j *janitor) start(n int) {
	j.dirs = make(chan string, n) // one folder per node at most: never blocks
	j.done = make(chan struct{})
	go func() {
		defer close(j.done)
		for d := range j.dirs {
			os.RemoveAll(d)
		}
	}()
}

// wait returns once every folder handed over is gone.
func (j *janitor) wait() {
	if j.dirs == nil {
		return
	}
	close(j.dirs)
	<-j.done
	j.dirs = nil
}

// tidy hands a node's emptied staging folder to the janitor (or removes it
// at once when there is none, as in unit tests that run a node alone).
func (r *run) tidy(dir string) {
	if r.janitor.dirs == nil {
		os.RemoveAll(dir)
		return
	}
	r.janitor.dirs <- dir
}

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
