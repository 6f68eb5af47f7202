package lint

import (
	"fmt"
	"strings"

	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

func init() {
	Register(&Rule{Name: "catalog-legacy-type", Needs: needsCatalog, Severity: diag.Error, Scope: diag.ScopeDataset, Run: runLegacyType,
		Doc: "`type` names a class that current Kedro, kedro-datasets or kedro-mlflow no longer have (`*DataSet`, `MatplotlibWriter`, `tracking.*`, old kedro-mlflow names); the message names the replacement"})
}

func runLegacyType(pass *Pass) {
	for _, it := range pass.Facts.CatalogItems() {
		datasetTypes(it.Config, func(t *tree.Node) {
			current, why, ok := catalog.LegacyType(t.Text)
			if !ok {
				return
			}
			pass.Reportf(t.Pos(), "type '%s' no longer exists: %s", t.Text, formatRename(current, why))
		})
	}
}

// datasetTypes calls visit with the `type` string of a dataset config and
// of the dataset configs nested in it: `dataset:` (PartitionedDataset,
// IncrementalDataset, CachedDataset, MlflowArtifactDataset; old name
// `data_set:`), as a mapping or, for the dataset wrappers, as a type
// string, and IncrementalDataset's `checkpoint:` mapping.
func datasetTypes(cfg *tree.Node, visit func(*tree.Node)) {
	t := cfg.Get("type")
	typ := ""
	if t != nil && t.Kind == tree.String {
		typ = t.Text
		visit(t)
	}
	for _, key := range []string{"dataset", "data_set", "checkpoint"} {
		v := cfg.Get(key)
		switch {
		case v == nil:
		case v.Kind == tree.Map:
			datasetTypes(v, visit)
		case v.Kind == tree.String && key != "checkpoint" && wrapsDataset(typ):
			visit(v)
		}
	}
}

// wrapsDataset reports a dataset type whose `dataset:` may be a type string.
func wrapsDataset(typ string) bool {
	if cur, _, ok := catalog.LegacyType(typ); ok {
		typ = cur
	}
	full, _ := catalog.ResolveType(typ)
	return strings.HasPrefix(full, "kedro_datasets.partitions.") || full == "kedro.io.CachedDataset"
}

// formatRename is "use 'x'" or the reason alone, for messages.
func formatRename(current, why string) string {
	if current == "" {
		return why
	}
	return fmt.Sprintf("%s; use '%s'", why, current)
}
