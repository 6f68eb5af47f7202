package lint

import "testing"

func TestCatalogTopLevelLayer(t *testing.T) {
	expectRule(t, "catalog-top-level-layer", `
"feature_engineering.feat_{metric_type}_metrics":
  type: pandas.ParquetDataset
  filepath: data/04_feature/feat_{metric_type}_metrics.pq
  layer: feature
custom:
  type: my_project.datasets.LayeredDataset
  layer: raw
`, nil,
		"conf/base/catalog.yml:5:3: error: top-level 'layer' was removed in Kedro 0.19: the dataset class receives it as an argument and fails (unexpected keyword argument 'layer'); move it to metadata: {kedro-viz: {layer: feature}} [catalog-top-level-layer]")
	expectRule(t, "catalog-top-level-layer", `
"feature_engineering.feat_{metric_type}_metrics":
  type: pandas.ParquetDataset
  filepath: data/04_feature/feat_{metric_type}_metrics.pq
  metadata:
    kedro-viz:
      layer: feature
`, nil)
}
