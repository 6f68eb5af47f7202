package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"text/tabwriter"

	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pipeline"
	"github.com/kfc-dev/kfc/compiler/tree"
	"github.com/kfc-dev/kfc/internal/esc"
)

// CatalogCmd groups the questions Kedro answers with `kedro catalog ...`.
type CatalogCmd struct {
	Resolve  CatalogResolveCmd  `cmd:"" help:"Show how each dataset name resolves: explicit entry, pattern, catch-all or default."`
	Patterns CatalogPatternsCmd `cmd:"" help:"List dataset factory patterns in Kedro's ranking order."`
	List     CatalogListCmd     `cmd:"" help:"List datasets with their type and where they are defined."`
}

// CatalogResolveCmd is `kfc catalog resolve NAME...`.
type CatalogResolveCmd struct {
	ProjectFlags
	Names  []string `arg:"" help:"Dataset names."`
	Dir    string   `short:"C" placeholder:"DIR" help:"Project directory (default: found from the working directory)."`
	Format string   `short:"f" enum:"yaml,json" default:"yaml" help:"yaml or json."`
}

func (c *CatalogResolveCmd) Run(e *env) error {
	cat, _, err := loadCatalog(e, c.Dir, c.ProjectFlags)
	if err != nil {
		return err
	}
	for _, name := range c.Names {
		if err := notADirectory(cat, name); err != nil {
			return err
		}
	}
	out := tree.NewMap(diag.Pos{})
	for _, name := range c.Names {
		r := cat.Resolve(name)
		entry := tree.NewMap(diag.Pos{})
		entry.Set("kind", diag.Pos{}, tree.NewString(r.Kind, diag.Pos{}))
		if r.Pattern != nil {
			entry.Set("pattern", diag.Pos{}, tree.NewString(r.Pattern.Key, diag.Pos{}))
		}
		cfg := r.Config
		if cfg == nil {
			cfg = tree.NewMap(diag.Pos{})
		}
		entry.Set("config", diag.Pos{}, cfg)
		out.Set(name, diag.Pos{}, entry)
	}
	if c.Format == "json" {
		fmt.Fprintf(e.stdout, "%s\n", out.JSON("  "))
		return nil
	}
	_, err = e.stdout.Write(out.YAML())
	return err
}

// CatalogPatternsCmd is `kfc catalog patterns`.
type CatalogPatternsCmd struct {
	ProjectFlags
	Dir    string `arg:"" optional:"" help:"Project directory (default: found from the working directory)."`
	Format string `short:"f" enum:"text,json" default:"text" help:"text (a table, as catalog list) or json."`
}

func (c *CatalogPatternsCmd) Run(e *env) error {
	cat, proj, err := loadCatalog(e, c.Dir, c.ProjectFlags)
	if err != nil {
		return err
	}
	pats := append([]*catalog.Pattern(nil), cat.Patterns...)
	if cat.CatchAll != nil {
		pats = append(pats, cat.CatchAll)
	}
	rows := []catalogRow{}
	for _, p := range pats {
		rows = append(rows, catalogRow{Name: p.Key, Type: p.Type, Where: displayPos(proj.Root, e.cwd, p.Pos)})
	}
	return writeCatalogRows(e, rows, c.Format)
}

// CatalogListCmd is `kfc catalog list [--pipeline P]`.
type CatalogListCmd struct {
	ProjectFlags
	Dir      string `arg:"" optional:"" help:"Project directory (default: found from the working directory)."`
	Pipeline string `short:"p" help:"List the datasets this pipeline uses (resolved through patterns) instead of the catalog's entries."`
	Format   string `short:"f" enum:"text,json" default:"text" help:"text (a table, as catalog patterns) or json."`
}

func (c *CatalogListCmd) Run(e *env) error {
	cat, proj, err := loadCatalog(e, c.Dir, c.ProjectFlags)
	if err != nil {
		return err
	}
	rows := []catalogRow{}
	if c.Pipeline == "" {
		for _, en := range cat.Entries {
			rows = append(rows, catalogRow{Name: en.Name, Type: en.Type, Where: displayPos(proj.Root, e.cwd, en.Pos)})
		}
		return writeCatalogRows(e, rows, c.Format)
	}
	var diags diag.List
	p := pipeline.Parse(proj.Get("pipelines"), &diags).Expand(c.Pipeline, &diags)
	if p == nil {
		for _, d := range diags.Items() {
			fmt.Fprintf(e.stderr, "%s\n", esc.Text(d.Message))
		}
		return &exitError{code: ExitUsage}
	}
	names := p.Datasets()
	sort.Strings(names)
	for _, name := range names {
		r := cat.Resolve(name)
		row := catalogRow{Name: name, Type: catalog.DefaultType, Where: "(default)"}
		if r.Config != nil {
			if t := r.Config.Get("type"); t != nil {
				row.Type = t.Str()
			}
		}
		switch {
		case r.Entry != nil:
			row.Where = displayPos(proj.Root, e.cwd, r.Entry.Pos)
		case r.Pattern != nil:
			row.Where, row.Pattern = displayPos(proj.Root, e.cwd, r.Pattern.Pos), r.Pattern.Key
		}
		rows = append(rows, row)
	}
	return writeCatalogRows(e, rows, c.Format)
}

// catalogRow is one line of `catalog list` and `catalog patterns`: the
// two share this layout, as a table or as JSON.
type catalogRow struct {
	Name    string `json:"name"`
	Type    string `json:"type"`
	Where   string `json:"where"`             // file:line:col, or (default)
	Pattern string `json:"pattern,omitempty"` // the factory pattern that resolved it
}

func writeCatalogRows(e *env, rows []catalogRow, format string) error {
	if format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, r := range rows {
		where := r.Where
		if r.Pattern != "" {
			where += " (" + r.Pattern + ")"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\n", esc.Text(r.Name), esc.Text(r.Type), esc.Text(where))
	}
	return w.Flush()
}

// notADirectory refuses a name that is a folder on disk and no catalog
// entry, as `kfc catalog resolve companies .` would otherwise resolve "."
// through the catch-all and exit 0.
func notADirectory(cat *catalog.Catalog, name string) error {
	for _, en := range cat.Entries {
		if en.Name == name {
			return nil
		}
	}
	if st, err := os.Stat(name); err == nil && st.IsDir() || name == "." || name == ".." {
		return usageErr("catalog resolve: %q is a directory, not a dataset name; name the project with -C: kfc -C %s catalog resolve NAME...", name, name)
	}
	return nil
}

func loadCatalog(e *env, dir string, pf ProjectFlags) (*catalog.Catalog, *config.Project, error) {
	proj, err := loadRefusing(e, dir, pf, "catalog")
	if err != nil {
		return nil, nil, err
	}
	var diags diag.List
	return catalog.New(proj.Get("catalog"), proj.Get("credentials"), &diags), proj, nil
}

func displayPos(root, cwd string, p diag.Pos) string {
	if p.File == "" {
		return ""
	}
	p.File = displayPath(root, cwd, p.File)
	return p.String()
}
