package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/lint"
	"github.com/kfc-dev/kfc/lint/report"
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
	proj, diags, err := loadAndLint(e, root, c.ProjectFlags)
	if err != nil {
		return err
	}
	items := visible(suppressed(proj, diags), only, c.Info)
	items = relativize(items, proj.Root, e.cwd)
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
	for _, d := range items {
		if d.Severity == diag.Error || (c.Strict && d.Severity == diag.Warning) {
			return &exitError{code: ExitFindings}
		}
	}
	return nil
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

// loadAndLint loads the project at root and runs every rule.
func loadAndLint(e *env, root string, pf ProjectFlags) (*config.Project, *diag.List, error) {
	lint.Warm()
	var diags diag.List
	proj, err := config.Load(config.LoadOptions{Root: root, Env: pf.Env, Params: pf.Params, Getenv: e.getenv}, &diags)
	if err != nil {
		return nil, nil, &exitError{code: ExitUsage, msg: err.Error()}
	}
	lint.Run(proj, &diags)
	return proj, &diags, nil
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

// visible drops info findings unless asked for, and keeps only findings in
// the given files when files were given.
func visible(items []diag.Diagnostic, only []string, info bool) []diag.Diagnostic {
	keep := map[string]bool{}
	for _, f := range only {
		keep[f] = true
	}
	var out []diag.Diagnostic
	for _, d := range diag.Sorted(items) {
		if d.Severity == diag.Info && !info {
			continue
		}
		if len(only) > 0 && !keep[d.Pos.File] {
			continue
		}
		out = append(out, d)
	}
	return out
}

// relativize rewrites project-relative paths relative to the working directory.
func relativize(items []diag.Diagnostic, root, cwd string) []diag.Diagnostic {
	rel := func(p diag.Pos) diag.Pos {
		if p.File == "" || p.File == config.ParamsFile {
			return p
		}
		p.File = displayPath(root, cwd, p.File)
		return p
	}
	out := make([]diag.Diagnostic, len(items))
	for i, d := range items {
		d.Pos = rel(d.Pos)
		if len(d.Notes) > 0 {
			notes := make([]diag.Note, len(d.Notes))
			for j, n := range d.Notes {
				notes[j] = diag.Note{Pos: rel(n.Pos), Message: n.Message}
			}
			d.Notes = notes
		}
		out[i] = d
	}
	return out
}

func displayPath(root, cwd, file string) string {
	abs := filepath.Join(root, filepath.FromSlash(file))
	if r, err := filepath.Rel(cwd, abs); err == nil {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(abs)
}

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

// suppressed applies the project's settings and inline ignore comments to
// the findings.
func suppressed(proj *config.Project, diags *diag.List) []diag.Diagnostic {
	settings := lint.LoadSettings(proj.Root, diags)
	return lint.Suppress(diags.Items(), settings, projectFiles(proj), projectSource(proj))
}

// projectFiles lists the project's configuration files and MLproject.
func projectFiles(proj *config.Project) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range proj.Files {
		if !seen[f.Path] {
			seen[f.Path] = true
			out = append(out, f.Path)
		}
	}
	if proj.MLproject != nil {
		out = append(out, proj.MLproject.Path)
	}
	return out
}

// projectSource returns a project-relative file's content.
func projectSource(proj *config.Project) func(string) []byte {
	return func(file string) []byte {
		if f := proj.FileByPath(file); f != nil {
			return f.Src
		}
		if f := proj.MLproject; f != nil && f.Path == file {
			return f.Src
		}
		return nil
	}
}

func ruleInfos() []report.RuleInfo {
	var out []report.RuleInfo
	for _, r := range lint.Rules() {
		out = append(out, report.RuleInfo{Name: r.Name, Doc: r.Doc, Severity: r.Severity})
	}
	return out
}
