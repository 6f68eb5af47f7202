package lint

import "testing"

func TestCatalogLegacyKey(t *testing.T) {
	expectRule(t, "catalog-legacy-key", `
artifact:
  type: kedro_mlflow.io.artifacts.MlflowArtifactDataset
  data_set:
    type: pickle.PickleDataset
    filepath: data/model.pkl
`, nil,
		"conf/base/catalog.yml:4:3: error: 'data_set' was renamed 'dataset' in Kedro 0.19 and kedro-mlflow 0.12; use 'dataset:' [catalog-legacy-key]")
	expectRule(t, "catalog-legacy-key", `
artifact:
  type: kedro_mlflow.io.artifacts.MlflowArtifactDataset
  dataset:
    type: pickle.PickleDataset
    filepath: data/model.pkl
`, nil)
}
