package lint

import (
	"slices"
	"strings"
	"sync"

	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
	"github.com/kfc-dev/kfc/internal/safefs"
	"github.com/kfc-dev/kfc/schema"
)

// datasetFacts are the findings of checking every catalog entry and
// factory pattern against the dataset schemas, computed once for all the
// dataset-* rules and split by problem code.
type datasetFacts struct {
	once     sync.Once
	findings map[diag.Code][]diag.Diagnostic // by problem code
}

// reportDatasetFindings reports the running rule's share of the dataset checks.
func reportDatasetFindings(pass *Pass) {
	pass.Facts.datasets.once.Do(func() { pass.Facts.datasets.findings = checkDatasets(pass.Facts) })
	for _, d := range pass.Facts.datasets.findings[pass.rule.Code] {
		pass.Report(d)
	}
	if pass.rule.Code == schema.CodeProjectTypes {
		// Problems of the project's type declarations whose rules have no
		// Run of their own (kfc-settings, path-outside-project for kfc/*.cue
		// links); Report gives each its own rule. kfc-project-types forwards
		// them because it needs no config key: they are not the catalog's.
		for _, code := range []diag.Code{schema.CodeTypeRedeclared, safefs.CodeOutside} {
			for _, d := range pass.Facts.datasets.findings[code] {
				pass.Report(d)
			}
		}
	}
}

// checkDatasets checks each entry's arguments against its type. Entries
// with no usable type are left to the catalog checks.
func checkDatasets(facts *Facts) map[diag.Code][]diag.Diagnostic {
	var diags diag.List
	s, declared, err := facts.Schemas()
	if err != nil {
		// The schemas are compiled into kfc: kfc's bug (exit 3), not a finding.
		panic(&schema.InternalError{Err: err})
	}
	for _, d := range declared {
		diags.Add(d)
	}
	s = s.WithResolver(catalog.ResolveType)
	for _, item := range facts.CatalogItems() {
		checkDatasetItem(s, item, &diags)
	}
	return split(&diags)
}

func checkDatasetItem(s *schema.Schemas, item catalogItem, diags *diag.List) {
	cfg := item.Config
	if cfg == nil || cfg.Kind != tree.Map || item.FullType == "" {
		return
	}
	typ := cfg.Get("type")
	if typ == nil || typ.Kind != tree.String || strings.Contains(typ.Text, "{") {
		return // no type, or one a factory fills in
	}
	// Legacy names and 0.18-style keys have rules of their own
	// (catalog-legacy-type, catalog-legacy-key, catalog-top-level-layer):
	// check the entry as if they were fixed rather than report them twice.
	var legacyTypes []diag.Pos // almost always none: no map an entry
	datasetTypes(cfg, func(t *tree.Node) {
		if _, _, ok := catalog.LegacyType(t.Text); ok {
			legacyTypes = append(legacyTypes, t.Pos())
		}
	})
	if slices.Contains(legacyTypes, typ.Pos()) {
		return
	}
	cfg = renameLegacyKeys(cfg)
	if knownFamily(typ.Text, item.FullType) {
		cfg = without(cfg, "layer")
	}
	var found diag.List
	if _, ok := s.DatasetType(item.FullType); ok {
		s.CheckDataset(item.FullType, cfg, &found)
	} else {
		s.CheckTypeName(typ.Text, typ.Pos(), &found)
	}
	for _, d := range found.Items() {
		if (d.Code == schema.CodeUnknownType || d.Code == schema.CodeUncheckedType) && slices.Contains(legacyTypes, d.Pos) {
			continue
		}
		diags.Add(d)
	}
}

// renameLegacyKeys is cfg with every `data_set` of it and of its nested
// dataset configs renamed `dataset` (copying only what changes).
func renameLegacyKeys(cfg *tree.Node) *tree.Node {
	if cfg == nil || cfg.Kind != tree.Map {
		return cfg
	}
	var out *tree.Node
	for i, p := range cfg.Pairs {
		if p.Key != "dataset" && p.Key != "data_set" {
			continue
		}
		inner := renameLegacyKeys(p.Value)
		if p.Key == "dataset" && inner == p.Value {
			continue
		}
		if out == nil {
			c := *cfg
			c.Pairs = append([]tree.Pair(nil), cfg.Pairs...)
			out = &c
		}
		if p.Key == "data_set" && cfg.Get("dataset") == nil {
			out.Pairs[i].Key = "dataset"
		}
		out.Pairs[i].Value = inner
	}
	if out == nil {
		return cfg
	}
	return out
}

// without is cfg minus a top-level key (copying only when it is there).
func without(cfg *tree.Node, key string) *tree.Node {
	if cfg.Get(key) == nil {
		return cfg
	}
	c := *cfg
	c.Pairs = nil
	for _, p := range cfg.Pairs {
		if p.Key != key {
			c.Pairs = append(c.Pairs, p)
		}
	}
	return &c
}

func split(diags *diag.List) map[diag.Code][]diag.Diagnostic {
	out := map[diag.Code][]diag.Diagnostic{}
	for _, d := range diags.Items() {
		out[d.Code] = append(out[d.Code], d)
	}
	return out
}
