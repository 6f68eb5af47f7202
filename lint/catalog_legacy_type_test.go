package lint

import "testing"

func TestCatalogLegacyType(t *testing.T) {
	expectRule(t, "catalog-legacy-type", `
cars:
  type: pandas.CSVDataSet
  filepath: data/cars.csv
plot:
  type: matplotlib.MatplotlibWriter
  filepath: data/plot.png
metrics:
  type: tracking.MetricsDataset
  filepath: data/metrics.json
parts:
  type: PartitionedDataSet
  path: data/parts
  dataset: pandas.CSVDataSet
artifact:
  type: kedro_mlflow.io.artifacts.MlflowArtifactDataSet
  dataset:
    type: pickle.PickleDataSet
    filepath: data/model.pkl
custom:
  type: my_project.datasets.ImageDataSet
  filepath: data/img.png
`, nil,
		"conf/base/catalog.yml:3:9: error: type 'pandas.CSVDataSet' no longer exists: kedro-datasets 2.0 and Kedro 0.19 renamed the *DataSet classes to *Dataset; use 'pandas.CSVDataset' [catalog-legacy-type]",
		"conf/base/catalog.yml:6:9: error: type 'matplotlib.MatplotlibWriter' no longer exists: kedro-datasets 9.0 removed MatplotlibWriter (renamed in 7.0); use 'matplotlib.MatplotlibDataset' [catalog-legacy-type]",
		"conf/base/catalog.yml:9:9: error: type 'tracking.MetricsDataset' no longer exists: kedro-datasets 7.0 removed the tracking datasets; use 'kedro_mlflow.io.metrics.MlflowMetricsHistoryDataset' [catalog-legacy-type]",
		"conf/base/catalog.yml:12:9: error: type 'PartitionedDataSet' no longer exists: Kedro 0.19 moved it from kedro.io to kedro-datasets; use 'partitions.PartitionedDataset' [catalog-legacy-type]",
		"conf/base/catalog.yml:14:12: error: type 'pandas.CSVDataSet' no longer exists: kedro-datasets 2.0 and Kedro 0.19 renamed the *DataSet classes to *Dataset; use 'pandas.CSVDataset' [catalog-legacy-type]",
		"conf/base/catalog.yml:16:9: error: type 'kedro_mlflow.io.artifacts.MlflowArtifactDataSet' no longer exists: kedro-mlflow 0.12 renamed it; use 'kedro_mlflow.io.artifacts.MlflowArtifactDataset' [catalog-legacy-type]",
		"conf/base/catalog.yml:18:11: error: type 'pickle.PickleDataSet' no longer exists: kedro-datasets 2.0 and Kedro 0.19 renamed the *DataSet classes to *Dataset; use 'pickle.PickleDataset' [catalog-legacy-type]")
	// A BigQuery `dataset:` is a name, not a type.
	expectRule(t, "catalog-legacy-type", `
cars:
  type: pandas.CSVDataset
  filepath: data/cars.csv
bq:
  type: pandas.GBQTableDataset
  dataset: MyDataSet
  table_name: t
parts:
  type: partitions.PartitionedDataset
  path: data/parts
  dataset: pandas.CSVDataset
`, nil)
}
