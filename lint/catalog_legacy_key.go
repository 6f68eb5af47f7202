package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

func init() {
	Register(&Rule{Name: "catalog-legacy-key", Needs: needsCatalog, Severity: diag.Error, Scope: diag.ScopeDataset, Run: runLegacyKey,
		Doc: "`data_set:` in a dataset config: Kedro 0.19 and kedro-mlflow 0.12 renamed the argument `dataset:`; the old name now fails as an unexpected argument"})
}

func runLegacyKey(pass *Pass) {
	for _, it := range pass.Facts.CatalogItems() {
		legacyKeys(it.Config, func(p *tree.Pair) {
			pass.Reportf(p.KeyPos(), "'data_set' was renamed 'dataset' in Kedro 0.19 and kedro-mlflow 0.12; use 'dataset:'")
		})
	}
}

// legacyKeys visits every `data_set` key of a dataset config and of the
// dataset configs nested under `dataset`/`data_set`.
func legacyKeys(cfg *tree.Node, visit func(*tree.Pair)) {
	if cfg == nil || cfg.Kind != tree.Map {
		return
	}
	if p := cfg.Pair("data_set"); p != nil {
		visit(p)
	}
	for _, key := range []string{"dataset", "data_set"} {
		legacyKeys(cfg.Get(key), visit)
	}
}
