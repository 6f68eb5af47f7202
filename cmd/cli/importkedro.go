package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/kedroimport"
	"github.com/kfc-dev/kfc/compiler/pipeline"
	"github.com/kfc-dev/kfc/compiler/tree"
	"github.com/kfc-dev/kfc/internal/esc"
	"github.com/kfc-dev/kfc/lint"
)

// ImportCmd is `kfc import`: pipelines from another tool's code.
type ImportCmd struct {
	Kedro ImportKedroCmd `cmd:"" help:"Write conf/base/pipelines.yml with kedro: nodes from the pipelines the project's Python registers."`
}

// ImportKedroCmd is `kfc import kedro`.
type ImportKedroCmd struct {
	Dir      string `arg:"" optional:"" name:"project" help:"The Kedro project (default: found from the working directory)."`
	Output   string `short:"o" name:"output" help:"The pipelines file to write or check (default: conf/base/pipelines.yml in the project)."`
	Python   string `name:"python" help:"The project's Python (default: $KFC_PYTHON, else python on PATH, else python3)."`
	Check    bool   `help:"Write nothing: exit 1 with the differences when the file no longer matches the Python pipelines."`
	Snapshot string `name:"snapshot" placeholder:"FILE" help:"Read the JSON the snapshot script printed (kfc import kedro --print-script) instead of running Python."`
	Print    bool   `name:"print-script" help:"Print the embedded snapshot script and exit."`
}

func (c *ImportKedroCmd) Run(e *env) error {
	if c.Print {
		_, err := e.stdout.Write(kedroimport.Script())
		return err
	}
	dir := c.Dir
	if dir == "" {
		dir = findProjectRoot(e.cwd)
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(e.cwd, dir)
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return usageErr("%s is not a folder", c.Dir)
	}
	out := c.Output
	if out == "" {
		out = filepath.Join(dir, "conf", "base", "pipelines.yml")
	} else if !filepath.IsAbs(out) {
		out = filepath.Join(e.cwd, out)
	}
	snap, err := c.snapshot(e, dir)
	if err != nil {
		return err
	}
	shown := shortPath(e.cwd, out)
	if c.Check {
		return c.check(e, snap, out, shown)
	}
	data, err := kedroimport.Write(snap)
	var unnamed *kedroimport.UnnamedError
	if errors.As(err, &unnamed) {
		return &exitError{code: ExitFindings, msg: err.Error() + "\nnothing written"}
	}
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return &exitError{code: ExitUsage, msg: err.Error()}
	}
	if err := writeFileAtomic(out, data); err != nil {
		return &exitError{code: ExitUsage, msg: err.Error()}
	}
	nodes := map[string]bool{}
	for _, p := range snap.Pipelines {
		for _, n := range p.Nodes {
			nodes[n.Name] = true
		}
	}
	fmt.Fprintln(e.stdout, esc.Text(fmt.Sprintf("wrote %s: %d pipelines, %d nodes (Kedro %s)", shown, len(snap.Pipelines), len(nodes), snap.KedroVersion)))
	return nil
}

// snapshot runs the embedded script with the project's Python, or reads a
// recorded snapshot.
func (c *ImportKedroCmd) snapshot(e *env, dir string) (*kedroimport.Snapshot, error) {
	if c.Snapshot != "" {
		path := c.Snapshot
		if !filepath.IsAbs(path) {
			path = filepath.Join(e.cwd, path)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, usageErr("cannot read the snapshot: %v", err)
		}
		s, err := kedroimport.Decode(b)
		if err != nil {
			return nil, usageErr("%s: %v", c.Snapshot, err)
		}
		return s, nil
	}
	python := kedroimport.Python(c.Python, e.getenv)
	s, err := kedroimport.Take(context.Background(), python, dir, nil)
	var re *kedroimport.RunError
	if errors.As(err, &re) {
		if !re.Started {
			return nil, usageErr("cannot run %s: %v (give the project's interpreter with --python or KFC_PYTHON)", python, unwrapExec(re.Err))
		}
		return nil, &exitError{code: ExitFindings, msg: err.Error()}
	}
	if err != nil {
		return nil, &exitError{code: ExitFindings, msg: err.Error()}
	}
	return s, nil
}

// check compares the committed file with the snapshot.
func (c *ImportKedroCmd) check(e *env, snap *kedroimport.Snapshot, path, shown string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) {
			return &exitError{code: ExitFindings, msg: fmt.Sprintf("%s does not exist: run kfc import kedro to write it", shown)}
		}
		return usageErr("%v", err)
	}
	var diags diag.List
	reg := pipeline.Parse(tree.Parse(shown, src, &diags), &diags)
	lint.ClassifyAll(&diags)
	var lines []string
	for _, d := range diags.Items() {
		if d.Severity == diag.Error {
			lines = append(lines, d.Pos.String()+": "+d.Message)
		}
	}
	if len(lines) > 0 {
		return &exitError{code: ExitFindings, msg: strings.Join(lines, "\n")}
	}
	diffs := kedroimport.Compare(reg, snap)
	if len(diffs) == 0 {
		fmt.Fprintln(e.stdout, esc.Text(fmt.Sprintf("%s matches the pipelines the Python code registers", shown)))
		return nil
	}
	for _, d := range diffs {
		fmt.Fprintln(e.stdout, esc.Text(fmt.Sprintf("%s: %s", shown, d)))
	}
	return &exitError{code: ExitFindings, msg: fmt.Sprintf("%s no longer matches the Python pipelines (%d differences): run kfc import kedro", shown, len(diffs))}
}

func unwrapExec(err error) error {
	var ee *exec.Error
	if errors.As(err, &ee) {
		return ee.Err
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// shortPath is path relative to the working directory when inside it.
func shortPath(cwd, path string) string {
	if rel, err := filepath.Rel(cwd, path); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return path
}
