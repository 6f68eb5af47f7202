package lint

import (
	"fmt"
	"path"
	"strings"

	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
)

// compiler/catalog finds the names; this rule adds where Kedro looked.
func init() {
	Register(&Rule{Name: "catalog-unknown-credentials", Needs: []string{"catalog", "credentials"}, Code: catalog.CodeUnknownCredentials, Severity: diag.Error, Run: runUnknownCredentials,
		Doc: "`credentials: <name>` (at any depth) names no entry of the credentials config; Kedro fails while building the catalog, also when there is no credentials file at all"})
}

func runUnknownCredentials(pass *Pass) {
	findings := pass.Facts.Model.CatalogProblems(pass.rule.Code)
	if len(findings) == 0 {
		return
	}
	where := credentialsWhere(pass.Project)
	for _, d := range findings {
		d.Notes = append(append([]diag.Note(nil), d.Notes...), where...)
		pass.Report(d)
	}
}

// credentialsWhere says which files Kedro reads credentials from, with
// the names each defines (never the values).
func credentialsWhere(proj *config.Project) []diag.Note {
	if proj == nil {
		return nil
	}
	s := proj.Settings
	envs := []string{s.BaseEnv}
	if proj.Env != "" && proj.Env != s.BaseEnv {
		envs = append(envs, proj.Env)
	}
	var notes []diag.Note
	for _, f := range proj.Files {
		if f.Key != "credentials" || (f.Env != s.BaseEnv && f.Env != proj.Env) {
			continue
		}
		var names []string
		if f.Root != nil {
			for _, p := range f.Root.Pairs {
				if !strings.HasPrefix(p.Key, "_") {
					names = append(names, p.Key)
				}
			}
		}
		msg := "this credentials file defines nothing"
		if len(names) > 0 {
			msg = "this credentials file defines " + strings.Join(names, ", ")
		}
		notes = append(notes, diag.Note{Pos: diag.Pos{File: f.Path}, Message: msg})
	}
	if len(notes) > 0 {
		return notes
	}
	dirs := make([]string, len(envs))
	for i, e := range envs {
		dirs[i] = path.Join(s.ConfSource, e)
	}
	patterns := strings.Join(s.Patterns["credentials"], ", ")
	if patterns == "" {
		patterns = "credentials*"
	}
	runEnvDir := dirs[len(dirs)-1]
	return []diag.Note{{Pos: diag.Pos{File: runEnvDir}, Message: fmt.Sprintf(
		"no credentials file in %s (files matching %s); Kedro fails the same way without one: credentials usually live in %s/credentials.yml, kept out of version control",
		strings.Join(dirs, " or "), patterns, path.Join(s.ConfSource, "local"))}}
}
