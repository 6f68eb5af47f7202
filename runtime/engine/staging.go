package engine

import (
	"bufio"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/kfc-dev/kfc/compiler/plan"
)

// A node writes each local output to a hidden sibling of its final path,
// <folder>/.kfc-<run>.<basename>, and kfc renames it into place once the
// node has succeeded. The sibling is in the final path's folder, so on its
// file system: promoting is one rename, never a copy when data/ is a mount,
// and the new file's inode is allocated where the final one lives (a
// staging folder elsewhere cost every short node a slower create on these
// machines, docs/bench.md). The basename, and so the extension a writer may
// pick its format from, is kept; the leading dot keeps the sibling out of a
// glob such as Kedro's <path>/*/<basename>.
//
// Each run lists the siblings it hands out in its folder (stagedIndex)
// before the node starts, so what a kfc killed by SIGKILL left in data
// folders is found by the next run. A node that fails or is stopped has
// its staged outputs moved into its run's folder, failed/<node id>/, for
// inspection until the next run.

const (
	stagedPrefix = ".kfc-"
	stagedIndex  = "staged" // in the run folder: one staged path a line
	failedDir    = "failed" // in the run folder: failed nodes' outputs
	maxNameLen   = 255      // bytes in one path component (Linux, macOS, Windows)
)

// stagedName is the hidden sibling final (a slash path) is written to in
// run runID. With outer set (final lies inside that other dataset's
// folder, outer's own path), the sibling is outer's instead, named after
// the output's dataset too: a reader of outer's folder (a
// PartitionedDataset) never sees a half-written file, and the folder's
// digest never holds one.
func stagedName(runID, final, outer, dataset string) string {
	dir, base := path.Split(path.Clean(final))
	if outer != "" {
		dir = path.Dir(outer) + "/"
		if dir == "./" {
			dir = ""
		}
		base = safeName(dataset) + "+" + base
	}
	tag := stagedPrefix + runID[:min(16, len(runID))] + "."
	if len(tag)+len(base) > maxNameLen {
		// Keep the extension if it fits; the final name is unique in its
		// folder, and one run stages each final path once.
		base = path.Ext(base)
		if len(tag)+len(base) > maxNameLen {
			base = ""
		}
	}
	return dir + tag + base
}

// stagingPaths maps each local output of a node to its staged sibling.
func (r *run) stagingPaths(out []art) map[string]string {
	staged := make(map[string]string, len(out))
	for _, a := range out {
		if !a.external {
			staged[a.path] = stagedName(r.id, a.path, r.outerDataset(a), a.name)
		}
	}
	return staged
}

// outerDataset is the outermost path of another dataset of the plan that
// holds a's final path in its folder, or "" (mostly). A versioned
// output's own <path>/ is not another dataset's, nor is a transcoded
// twin's (x@pandas and x@spark are one file).
func (r *run) outerDataset(a art) string {
	r.dirsOnce.Do(func() {
		r.datasetDirs = map[string]bool{}
		for _, d := range r.p.Datasets {
			if !isExternal(d) && d.Path != "" {
				r.datasetDirs[path.Clean(strings.ReplaceAll(d.Path, plan.RunIDToken, r.id))] = true
			}
		}
	})
	own := ""
	if a.d != nil {
		own = path.Clean(strings.ReplaceAll(a.d.Path, plan.RunIDToken, r.id))
	}
	outer := ""
	for d := path.Dir(path.Clean(a.path)); d != "." && d != "/"; d = path.Dir(d) {
		if d != own && r.datasetDirs[d] {
			outer = d
		}
	}
	return outer
}

// prepareStaging lists the node's staged paths in the run's index (a
// versioned output's line starts "v ", others "- ": the version folder is
// the run's own, to remove if a kill leaves it empty) and makes the
// folders they go in (once each a run).
func (r *run) prepareStaging(out []art, staged map[string]string) error {
	var lines strings.Builder
	for _, a := range out {
		if sp, ok := staged[a.path]; ok {
			kind := "- "
			if a.version != "" {
				kind = "v "
			}
			lines.WriteString(kind + sp + "\n")
		}
	}
	r.stagingMu.Lock()
	defer r.stagingMu.Unlock()
	if r.stagedList == nil {
		f, err := os.OpenFile(r.abs(r.runDir, stagedIndex), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
		if err != nil {
			return err
		}
		r.stagedList = f
		r.dirsMade = map[string]bool{}
	}
	if _, err := r.stagedList.WriteString(lines.String()); err != nil {
		return err
	}
	for _, sp := range staged {
		dir := path.Dir(sp)
		if r.dirsMade[dir] {
			continue
		}
		if err := os.MkdirAll(abs(r.root, dir), 0o755); err != nil {
			return err
		}
		r.dirsMade[dir] = true
	}
	return nil
}

// keepFailed moves what a node that did not succeed left at its staged
// paths into the run's failed/<node id>/ folder (named <dataset>+<basename>),
// or removes it where it cannot be moved (another file system), and removes
// a versioned output's version folder when it is left empty.
func (r *run) keepFailed(nodeID string, io nodeIO, staged map[string]string) {
	for _, a := range io.out {
		sp, ok := staged[a.path]
		if !ok {
			continue
		}
		from := abs(r.root, sp)
		if _, err := os.Lstat(from); err == nil {
			dir := r.abs(r.runDir, failedDir, safeName(nodeID))
			to := filepath.Join(dir, safeName(a.name)+"+"+path.Base(a.path))
			if os.MkdirAll(dir, 0o755) != nil || os.Rename(from, to) != nil {
				os.RemoveAll(from)
			}
		}
		if a.version != "" {
			os.Remove(filepath.Dir(from)) // only if empty
		}
	}
}

// closeStaging ends the run's staging: every staged path was promoted or
// moved aside, so the index goes.
func (r *run) closeStaging() {
	r.stagingMu.Lock()
	defer r.stagingMu.Unlock()
	if r.stagedList != nil {
		r.stagedList.Close()
		r.stagedList = nil
		os.Remove(r.abs(r.runDir, stagedIndex))
	}
}

// removeStaged removes what a killed run's index lists and is still there,
// and a version folder it left empty. It reports whether the index was
// there.
func removeStaged(root, runDir string) bool {
	index := filepath.Join(runDir, stagedIndex)
	f, err := os.Open(index)
	if err != nil {
		return !errors.Is(err, fs.ErrNotExist)
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		kind, sp, ok := strings.Cut(sc.Text(), " ")
		if !ok || !strings.HasPrefix(path.Base(sp), stagedPrefix) {
			continue // not a line kfc wrote (a torn last line): never remove it
		}
		p := abs(root, sp)
		os.RemoveAll(p)
		if kind == "v" {
			os.Remove(filepath.Dir(p)) // only if empty
		}
	}
	f.Close()
	os.Remove(index)
	return true
}
