package project

import (
	"path/filepath"

	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/lint"
)

// View says which findings a check shows and how their paths are written.
type View struct {
	// Only keeps findings in these project-relative files (vet's file
	// arguments, as pre-commit passes them); empty keeps all.
	Only []string
	Info bool   // keep info-level findings too
	Cwd  string // paths are written relative to it; "" keeps them project-relative
}

// Check is kfc vet: load, lint, then Findings.
func Check(opts Options, v View) (*Project, []diag.Diagnostic, error) {
	Warm()
	p, err := Load(opts)
	if err != nil {
		return nil, nil, err
	}
	p.Lint()
	return p, p.Findings(v), nil
}

// Findings lints the project if that is not done yet, applies its
// settings (their own problems included) and inline ignore comments, and
// returns what v shows, sorted, with paths relative to v.Cwd.
func (p *Project) Findings(v View) []diag.Diagnostic {
	p.Lint()
	items := p.suppressed()
	items = visible(items, v.Only, v.Info)
	if v.Cwd != "" {
		items = relativize(items, p.Config.Root, v.Cwd)
	}
	return items
}

// HasErrors says whether any finding is an error (or, strict, a warning).
func HasErrors(items []diag.Diagnostic, strict bool) bool {
	for _, d := range items {
		if d.Severity == diag.Error || (strict && d.Severity == diag.Warning) {
			return true
		}
	}
	return false
}

// suppressed applies the project's settings and inline ignore comments.
func (p *Project) suppressed() []diag.Diagnostic {
	proj := p.Config
	var diags diag.List
	diags.Merge(&p.Diags)
	settings := lint.LoadSettings(proj.Root, proj.Pyproject, &diags)
	return lint.Suppress(diags.Items(), settings, projectFiles(proj), projectSource(proj))
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
		p.File = DisplayPath(root, cwd, p.File)
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

// Relativize writes the project-relative paths of items (files under
// root) relative to cwd, as Findings does.
func Relativize(items []diag.Diagnostic, root, cwd string) []diag.Diagnostic {
	return relativize(items, root, cwd)
}

// DisplayPath is a project-relative file as a user in cwd writes it.
func DisplayPath(root, cwd, file string) string {
	abs := filepath.Join(root, filepath.FromSlash(file))
	if r, err := filepath.Rel(cwd, abs); err == nil {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(abs)
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
