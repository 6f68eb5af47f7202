package lint

import (
	"strings"

	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

func init() {
	Register(&Rule{Name: "catalog-top-level-layer", Needs: needsCatalog, Severity: diag.Error, Scope: diag.ScopeDataset, Run: runTopLevelLayer,
		Doc: "0.18-style top-level `layer:` on a Kedro, kedro-datasets or kedro-mlflow dataset: since Kedro 0.19 it reaches the constructor, which raises TypeError; it belongs under metadata.kedro-viz.layer"})
}

func runTopLevelLayer(pass *Pass) {
	for _, it := range pass.Facts.CatalogItems() {
		p := it.Config.Pair("layer")
		if p == nil || !knownFamily(typeText(it.Config), it.FullType) {
			continue
		}
		layer := "..."
		if p.Value != nil && p.Value.IsScalar() {
			layer = p.Value.Str()
		}
		pass.Reportf(p.KeyPos(), "top-level 'layer' was removed in Kedro 0.19: the dataset class receives it as an argument and fails (unexpected keyword argument 'layer'); move it to metadata: {kedro-viz: {layer: %s}}", layer)
	}
}

// typeText is a dataset config's `type` string, or "".
func typeText(cfg *tree.Node) string {
	if t := cfg.Get("type"); t != nil && t.Kind == tree.String {
		return t.Text
	}
	return ""
}

// knownFamily reports a dataset type from Kedro, kedro-datasets or
// kedro-mlflow (current or legacy), none of whose constructors take a
// `layer` argument; a custom class might, so it is left alone.
func knownFamily(typ, full string) bool {
	if cur, _, ok := catalog.LegacyType(typ); ok && cur != "" {
		full, _ = catalog.ResolveType(cur)
	}
	for _, prefix := range []string{"kedro.io.", "kedro_datasets.", "kedro_datasets_experimental.", "kedro_mlflow."} {
		if strings.HasPrefix(full, prefix) {
			return true
		}
	}
	return false
}
