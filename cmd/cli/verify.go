package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/kfc-dev/kfc/internal/esc"
	"github.com/kfc-dev/kfc/runtime/manifest"
)

// VerifyCmd is `kfc verify RUN_ID|MANIFEST`.
type VerifyCmd struct {
	Target string `arg:"" name:"run" help:"A run id (its manifest is .kfc/runs/RUN_ID/manifest.json in the project), the path of a manifest.json, or of a run folder."`
	Dir    string `short:"C" name:"directory" placeholder:"DIR" help:"Project directory (default: found from the working directory, or the manifest's own project)."`
}

func (c *VerifyCmd) Run(e *env) error {
	root, path, err := c.locate(e)
	if err != nil {
		return err
	}
	m, err := manifest.Read(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && path == manifest.Path(root, c.Target) {
			return usageErr("no run %s in %s (no %s)", c.Target, relToCwd(e.cwd, root), relToCwd(e.cwd, path))
		}
		if errors.Is(err, fs.ErrNotExist) {
			return usageErr("%s: no such manifest", relToCwd(e.cwd, path))
		}
		return usageErr("%v", err)
	}
	r, err := manifest.VerifyReport(root, m)
	if err != nil {
		return usageErr("%v", err)
	}
	for _, p := range r.Problems {
		switch p.Kind {
		case manifest.Changed:
			fmt.Fprintln(e.stdout, esc.Text(fmt.Sprintf("%s: changed (%s -> %s)", p.Path, manifest.Short(p.Want), strings.TrimPrefix(manifest.Short(p.Got), "sha256:"))))
		case manifest.Vanished:
			fmt.Fprintln(e.stdout, esc.Text(fmt.Sprintf("%s: vanished", p.Path)))
		default:
			fmt.Fprintln(e.stdout, esc.Text(fmt.Sprintf("%s: unreadable: %s", p.Path, p.Got)))
		}
	}
	switch m.Status {
	case manifest.Running:
		fmt.Fprintln(e.stderr, esc.Text(fmt.Sprintf("kfc: note: run %s is still RUNNING (or its kfc was killed): only the outputs recorded so far are checked", m.RunID)))
	case manifest.Failed, manifest.Killed:
		fmt.Fprintln(e.stderr, esc.Text(fmt.Sprintf("kfc: note: run %s %s: only the outputs it recorded are checked", m.RunID, m.Status)))
	}
	if n := len(r.External); n > 0 {
		fmt.Fprintln(e.stderr, esc.Text(fmt.Sprintf("kfc: %d external %s not verified (kfc never hashes them): %s", n, plural(n, "output", "outputs"), strings.Join(r.External, ", "))))
	}
	if len(r.Problems) > 0 {
		return &exitError{code: ExitFindings, msg: fmt.Sprintf("%d of %d outputs of run %s no longer match its manifest", len(r.Problems), r.Checked, m.RunID)}
	}
	fmt.Fprintln(e.stdout, esc.Text(fmt.Sprintf("verified %d %s of run %s", r.Checked, plural(r.Checked, "output", "outputs"), m.RunID)))
	return nil
}

// locate finds the project root and the manifest: an argument naming an
// existing file (or ending in .json) is a manifest path, a path to a run
// folder names its manifest.json, whose project is
// the folder holding its .kfc/ unless -C says otherwise; anything else is
// a run id in the project given by -C or found from the working directory.
func (c *VerifyCmd) locate(e *env) (root, path string, err error) {
	arg := c.Target
	dir := c.Dir
	if dir != "" && !filepath.IsAbs(dir) {
		dir = filepath.Join(e.cwd, dir)
	}
	full := arg
	if !filepath.IsAbs(full) {
		full = filepath.Join(e.cwd, arg)
	}
	// A run folder stands for its manifest.
	if st, statErr := os.Stat(full); statErr == nil && st.IsDir() && strings.ContainsAny(arg, `/\`) {
		if _, err := os.Stat(filepath.Join(full, manifest.FileName)); err == nil {
			arg = filepath.Join(arg, manifest.FileName)
		}
	}
	if st, statErr := os.Stat(filepath.Join(e.cwd, arg)); strings.HasSuffix(arg, ".json") || (statErr == nil && !st.IsDir()) || filepath.IsAbs(arg) {
		path = arg
		if !filepath.IsAbs(path) {
			path = filepath.Join(e.cwd, path)
		}
		root = dir
		if root == "" {
			root = projectOfManifest(path)
		}
		if root == "" {
			root = findProjectRoot(e.cwd)
		}
		return root, path, nil
	}
	if arg == "" || strings.ContainsAny(arg, `/\`) || arg == "." || arg == ".." {
		return "", "", usageErr("%q is neither a run id nor a manifest file", arg)
	}
	root = dir
	if root == "" {
		root = findProjectRoot(e.cwd)
	}
	if st, statErr := os.Stat(root); statErr != nil || !st.IsDir() {
		return "", "", usageErr("%s is not a project directory", c.Dir)
	}
	return root, manifest.Path(root, arg), nil
}

// projectOfManifest is <root> for <root>/.kfc/runs/<id>/manifest.json.
func projectOfManifest(path string) string {
	runs := filepath.Dir(filepath.Dir(path))
	if filepath.Base(runs) == "runs" && filepath.Base(filepath.Dir(runs)) == ".kfc" {
		return filepath.Dir(filepath.Dir(runs))
	}
	return ""
}

func relToCwd(base, path string) string {
	if path == base {
		return "."
	}
	if rel, err := filepath.Rel(base, path); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return path
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
