package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/lint"
	"github.com/kfc-dev/kfc/lint/report"
	"github.com/kfc-dev/kfc/project"
	"golang.org/x/term"
)

// ProjectFlags select what is loaded; shared by every command that reads a project.
type ProjectFlags struct {
	Env    string `short:"e" help:"Run environment (default: KFC_ENV, else KEDRO_ENV, else local)."`
	Params string `help:"Runtime parameters as Kedro's --params: a.b=1,c=x."`
}

// VetCmd is `kfc vet`.
type VetCmd struct {
	ProjectFlags
	Paths  []string `arg:"" optional:"" name:"path" help:"Project directory (default: .), then files to report on (as pre-commit passes them)."`
	Format string   `short:"f" enum:"text,json,sarif,github" default:"text" help:"Output format: text, json, sarif (SARIF 2.1.0) or github (workflow annotations)."`
	Strict bool     `help:"Warnings fail too (exit 1)."`
	Info   bool     `help:"Also print info-level findings."`
	Color  string   `enum:"auto,always,never" default:"auto" help:"Colour and source snippets: auto (on a terminal, unless NO_COLOR), always or never."`
}

func (c *VetCmd) Run(e *env) error {
	root, only, err := splitPaths(e.cwd, c.Paths)
	if err != nil {
		return err
	}
	p, items, err := project.Check(c.ProjectFlags.options(e, root), project.View{Only: only, Info: c.Info, Cwd: e.cwd})
	if err != nil {
		return &exitError{code: ExitUsage, msg: err.Error()}
	}
	proj := p.Config
	switch c.Format {
	case "json":
		if err := report.JSON(e.stdout, items); err != nil {
			return err
		}
	case "sarif":
		if err := report.SARIF(e.stdout, items, ruleInfos(), report.Tool{Name: "kfc", Version: Version}); err != nil {
			return err
		}
	case "github":
		report.GitHub(e.stdout, items)
	default:
		color := c.useColor(e)
		report.Text(e.stdout, items, sourceFor(proj, e.cwd), report.TextOptions{Color: color, Snippets: color})
	}
	if project.HasErrors(items, c.Strict) {
		return &exitError{code: ExitFindings}
	}
	return nil
}

// options are the project.Options of these flags for the project at root.
func (pf ProjectFlags) options(e *env, root string) project.Options {
	return project.Options{Root: root, Env: pf.Env, Params: pf.Params, Getenv: e.getenv}
}

func (c *VetCmd) useColor(e *env) bool {
	switch c.Color {
	case "always":
		return true
	case "never":
		return false
	}
	if _, ok := e.getenv("NO_COLOR"); ok {
		return false
	}
	f, ok := e.stdout.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// splitPaths reads `[PROJECT_DIR] [FILES...]`: a first argument that is a
// directory is the project; otherwise the project is found upwards from the
// working directory (as pre-commit runs hooks from the repository root).
func splitPaths(cwd string, paths []string) (root string, only []string, err error) {
	if len(paths) > 0 {
		if st, statErr := os.Stat(paths[0]); statErr == nil && st.IsDir() {
			root, paths = paths[0], paths[1:]
		}
	}
	if root == "" {
		root = findProjectRoot(cwd)
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return "", nil, usageErr("%v", err)
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			return "", nil, usageErr("%s: no such file or directory", p)
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			return "", nil, usageErr("%v", err)
		}
		rel, err := filepath.Rel(absRoot, abs)
		if err != nil || strings.HasPrefix(rel, "..") {
			return "", nil, usageErr("%s is outside the project %s", p, root)
		}
		only = append(only, filepath.ToSlash(rel))
	}
	return root, only, nil
}

func findProjectRoot(dir string) string {
	for d := dir; ; {
		for _, marker := range []string{"conf", "pyproject.toml", "MLproject"} {
			if _, err := os.Stat(filepath.Join(d, marker)); err == nil {
				return d
			}
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

func displayPath(root, cwd, file string) string { return project.DisplayPath(root, cwd, file) }

// sourceFor gives the snippets of `vet --color`: never a line of a
// credentials file (the line of a finding there may hold the secret), nor
// of any file with the same content (a link to it loaded under another
// key, a copy), in whatever environment.
func sourceFor(proj *config.Project, cwd string) report.Source {
	secret := map[string]bool{}
	var secretSrc [][]byte // compared, not copied into map keys: a big catalog is megabytes
	for _, f := range proj.Files {
		if f.Key == "credentials" {
			secret[f.Path] = true
			secretSrc = append(secretSrc, f.Src)
		}
	}
	byDisplay := map[string][]byte{}
	for _, f := range proj.Files {
		if secret[f.Path] || slices.ContainsFunc(secretSrc, func(s []byte) bool { return bytes.Equal(s, f.Src) }) {
			continue
		}
		byDisplay[displayPath(proj.Root, cwd, f.Path)] = f.Src
	}
	if f := proj.MLproject; f != nil {
		byDisplay[displayPath(proj.Root, cwd, f.Path)] = f.Src
	}
	return func(file string) []byte { return byDisplay[file] }
}

func ruleInfos() []report.RuleInfo {
	var out []report.RuleInfo
	for _, r := range lint.Rules() {
		out = append(out, report.RuleInfo{Name: r.Name, Doc: r.Doc, Severity: r.Severity})
	}
	return out
}
