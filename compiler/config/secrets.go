package config

import (
	"path/filepath"
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
)

// guardCredentials finds the files that hold credentials (the credentials
// patterns match them, or they are links to a file the credentials
// patterns match in any environment) and that another key's patterns
// match too. Kedro would load them as that key as well, and then their
// values are ordinary config: quoted in findings, shown in snippets,
// carried into a plan. kfc reports each such file once and loads it as
// credentials only. Cost: one pattern match per file, more only for the
// rare credentials files and links.
func (l *loader) guardCredentials() {
	s := l.proj.Settings
	credentials := s.Patterns["credentials"]
	l.credOnly = map[string]bool{}
	for _, e := range l.envs {
		for _, rel := range e.files {
			abs := filepath.Join(e.dir, filepath.FromSlash(rel))
			if l.credOnly[abs] {
				continue
			}
			own := len(matchConfigFiles([]string{rel}, credentials, e.rel, s.LoadHidden)) > 0
			target := ""
			if !own {
				if target = l.credentialsTarget(abs); target == "" {
					continue
				}
			}
			for _, key := range keyOrder(s.Patterns) {
				if key == "credentials" || len(matchConfigFiles([]string{rel}, s.Patterns[key], e.rel, s.LoadHidden)) == 0 {
					continue
				}
				l.credOnly[abs] = true
				path := relPath(l.root, abs)
				if own {
					l.diags.Reportf(diag.Pos{File: path}, CodeCredentialsAsConfig,
						"%s is a credentials file that the %s patterns match too: Kedro would load its secrets as %s configuration as well; kfc loads it as credentials only, so no message, snippet or plan shows them (move it where only the credentials patterns match)", path, key, key)
				} else {
					l.diags.Reportf(diag.Pos{File: path}, CodeCredentialsAsConfig,
						"%s is a link to the credentials file %s, and the %s patterns match it: kfc does not load credentials as %s configuration, so no message, snippet or plan shows them", path, target, key, key)
				}
				break
			}
		}
	}
}

// credentialsTarget is the project-relative path of the credentials file
// abs links to (abs itself, or a folder above it, being a link), in any
// environment folder of conf/, loaded or not; "" when it is none.
func (l *loader) credentialsTarget(abs string) string {
	real, ok := l.walk.realOf[abs]
	if !ok || l.realConf == "" {
		return ""
	}
	r, err := filepath.Rel(l.realConf, real)
	if err != nil || !filepath.IsLocal(r) {
		return ""
	}
	r = filepath.ToSlash(r)
	credentials := l.proj.Settings.Patterns["credentials"]
	hidden := l.proj.Settings.LoadHidden
	matched := len(matchConfigFiles([]string{r}, credentials, ".", hidden)) > 0 // base_env "" reads conf/ itself
	if env, rest, ok := strings.Cut(r, "/"); ok && !matched {
		matched = len(matchConfigFiles([]string{rest}, credentials, env, hidden)) > 0
	}
	if !matched {
		return ""
	}
	return relPath(l.realRoot, real)
}
