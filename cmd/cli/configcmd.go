package cli

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
	"github.com/kfc-dev/kfc/lint"
	"github.com/kfc-dev/kfc/lint/report"
	"github.com/kfc-dev/kfc/project"
)

// ConfigCmd is `kfc config KEY [DIR]`: the configuration as Kedro's
// OmegaConfigLoader returns it, merged and interpolated.
type ConfigCmd struct {
	ProjectFlags
	Key      string `arg:"" enum:"catalog,parameters,globals,credentials,mlflow,pipelines" help:"catalog, parameters, globals, credentials, mlflow or pipelines."`
	Dir      string `arg:"" optional:"" help:"Project directory (default: found from the working directory)."`
	Format   string `short:"f" enum:"yaml,json" default:"yaml" help:"yaml or json."`
	Absolute bool   `help:"Make relative filepath/path/filename values absolute, as Kedro's context does."`
}

func (c *ConfigCmd) Run(e *env) error {
	proj, err := loadRefusing(e, c.Dir, c.ProjectFlags, c.Key)
	if err != nil {
		return err
	}
	n := proj.Get(c.Key)
	if n == nil {
		n = tree.NewMap(diag.Pos{})
	}
	switch c.Key {
	case "credentials":
		n = redact(n)
	case "catalog":
		if c.Absolute {
			n = absolutePaths(n, filepath.ToSlash(proj.Root))
		}
	}
	if c.Format == "json" {
		fmt.Fprintf(e.stdout, "%s\n", n.JSON("  "))
		return nil
	}
	_, err = e.stdout.Write(n.YAML())
	return err
}

// loadRefusing loads the configuration and refuses it (exit 1, findings
// printed) when Kedro would: any loader error except those inside files of
// other config keys (Kedro loads each key on its own), plus, for the
// catalog, the errors DataCatalog.from_config raises (catch-alls,
// placeholders, credentials names, non-mapping entries, `@`s).
func loadRefusing(e *env, dir string, pf ProjectFlags, key string) (*config.Project, error) {
	project.Warm()
	if dir == "" {
		dir = findProjectRoot(e.cwd)
	}
	p, err := project.Load(pf.options(e, dir))
	if err != nil {
		return nil, &exitError{code: ExitUsage, msg: err.Error()}
	}
	proj, diags := p.Config, &p.Diags
	if key == "catalog" {
		catalog.New(proj.Get("catalog"), proj.Get("credentials"), diags)
	}
	other := map[string]bool{}
	for _, f := range proj.Files {
		if f.Key != key && f.Key != "globals" {
			other[f.Path] = true
		}
	}
	for _, f := range proj.Files {
		if f.Key == key || f.Key == "globals" {
			delete(other, f.Path)
		}
	}
	lint.ClassifyAll(diags)
	var errs []diag.Diagnostic
	for _, d := range diags.Items() {
		if d.Severity == diag.Error && !other[d.Pos.File] {
			errs = append(errs, d)
		}
	}
	if len(errs) > 0 {
		report.Text(e.stderr, project.Relativize(errs, proj.Root, e.cwd), nil, report.TextOptions{})
		return nil, &exitError{code: ExitFindings}
	}
	return proj, nil
}

// redact keeps the names and structure of credentials and hides every value.
func redact(n *tree.Node) *tree.Node {
	switch n.Kind {
	case tree.Map:
		out := &tree.Node{Kind: tree.Map, At: n.At}
		for _, p := range n.Pairs {
			out.Pairs = append(out.Pairs, tree.Pair{Key: p.Key, KeyAt: p.KeyAt, Value: redact(p.Value)})
		}
		return out
	case tree.Seq:
		out := &tree.Node{Kind: tree.Seq, At: n.At}
		for _, it := range n.Items {
			out.Items = append(out.Items, redact(it))
		}
		return out
	}
	return tree.NewString("***", n.Pos())
}

// absolutePaths mirrors Kedro's _convert_paths_to_absolute_posix: string
// values of keys named filepath, path or filename, in nested mappings (not
// lists), that are relative local paths get the project root prepended;
// pathlib's joining drops empty and "." segments.
func absolutePaths(n *tree.Node, root string) *tree.Node {
	if n == nil || n.Kind != tree.Map {
		return n
	}
	out := &tree.Node{Kind: tree.Map, At: n.At}
	for _, p := range n.Pairs {
		v := p.Value
		switch {
		case v.Kind == tree.Map:
			v = absolutePaths(v, root)
		case v.Kind == tree.String && (p.Key == "filepath" || p.Key == "path" || p.Key == "filename") && isRelativePath(v.Text):
			v = tree.NewString(posixJoin(root, v.Text), v.Pos())
		}
		out.Pairs = append(out.Pairs, tree.Pair{Key: p.Key, KeyAt: p.KeyAt, Value: v})
	}
	return out
}

func isRelativePath(s string) bool {
	if len(s) >= 2 && s[1] == ':' && ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')) {
		return false // a Windows drive
	}
	if strings.HasPrefix(s, `\\`) {
		return false // a UNC share
	}
	if u, err := url.Parse(s); err == nil && u.Scheme != "" {
		return false
	}
	return !strings.HasPrefix(s, "/")
}

// posixJoin joins like PurePosixPath(root) / rel: empty and "." parts go,
// ".." stays.
func posixJoin(root, rel string) string {
	parts := []string{strings.TrimRight(root, "/")}
	for _, seg := range strings.Split(rel, "/") {
		if seg != "" && seg != "." {
			parts = append(parts, seg)
		}
	}
	return strings.Join(parts, "/")
}
