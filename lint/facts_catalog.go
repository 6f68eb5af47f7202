package lint

import (
	"sync"

	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// catalogFacts are the catalog's entries and patterns, listed once.
type catalogFacts struct {
	once  sync.Once
	items []catalogItem // entries then patterns, see catalogItems

	pathsOnce sync.Once
	paths     []catalogPath // see CatalogPaths
}

// CatalogItems returns the catalog's entries and patterns (catalogItems),
// built once for every rule that walks them.
func (f *Facts) CatalogItems() []catalogItem {
	f.catalog.once.Do(func() { f.catalog.items = catalogItems(f.Catalog()) })
	return f.catalog.items
}

// Catalog returns the catalog model of the project's merged `catalog`
// config (an empty catalog when the project has none).
func (f *Facts) Catalog() *catalog.Catalog { return f.Model.Catalog() }

// reportCatalogFindings forwards what catalog.New found of the running
// rule's code: those checks live in the compiler, so `kfc build` fails on
// the same problems.
func reportCatalogFindings(pass *Pass) {
	for _, d := range pass.Facts.Model.CatalogProblems(pass.rule.Code) {
		pass.Report(d)
	}
}

// catalogItem is an entry or a pattern, for checks that treat both alike.
type catalogItem struct {
	Name     string
	Pos      diag.Pos
	Config   *tree.Node
	FullType string
	Pattern  bool
}

// catalogItems lists explicit entries, then patterns in ranking order,
// then the catch-all.
func catalogItems(c *catalog.Catalog) []catalogItem {
	out := make([]catalogItem, 0, len(c.Entries)+len(c.Patterns)+1)
	for _, e := range c.Entries {
		out = append(out, catalogItem{Name: e.Name, Pos: e.Pos, Config: e.Config, FullType: e.FullType})
	}
	pats := c.Patterns
	if c.CatchAll != nil {
		pats = append(pats[:len(pats):len(pats)], c.CatchAll)
	}
	for _, p := range pats {
		out = append(out, catalogItem{Name: p.Key, Pos: p.Pos, Config: p.Config, FullType: p.FullType, Pattern: true})
	}
	return out
}
