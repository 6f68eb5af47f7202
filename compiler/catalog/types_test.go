package catalog

import "testing"

func TestResolveType(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		ok       bool
	}{
		{"MemoryDataset", "kedro.io.MemoryDataset", true},
		{"CachedDataset", "kedro.io.CachedDataset", true},
		{"pandas.CSVDataset", "kedro_datasets.pandas.CSVDataset", true},
		{"kedro_datasets.pandas.CSVDataset", "kedro_datasets.pandas.CSVDataset", true},
		{"kedro_mlflow.io.artifacts.MlflowArtifactDataset", "kedro_mlflow.io.artifacts.MlflowArtifactDataset", true},
		{"my_pkg.datasets.ImageDataset", "my_pkg.datasets.ImageDataset", true},
		{"", "", false},
		{".pandas.CSVDataset", "", false},
		{"pandas.CSVDataset.", "", false},
	} {
		got, ok := ResolveType(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ResolveType(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestLegacyType(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		legacy   bool
	}{
		{"pandas.CSVDataSet", "pandas.CSVDataset", true},
		{"kedro_datasets.pandas.CSVDataSet", "kedro_datasets.pandas.CSVDataset", true},
		{"kedro.extras.datasets.pandas.CSVDataSet", "pandas.CSVDataset", true},
		{"kedro.extras.datasets.pandas.CSVDataset", "pandas.CSVDataset", true},
		{"MemoryDataSet", "MemoryDataset", true},
		{"kedro.io.MemoryDataSet", "kedro.io.MemoryDataset", true},
		{"PartitionedDataSet", "partitions.PartitionedDataset", true},
		{"kedro.io.PartitionedDataset", "partitions.PartitionedDataset", true},
		{"IncrementalDataset", "partitions.IncrementalDataset", true},
		{"LambdaDataset", "", true},
		{"matplotlib.MatplotlibWriter", "matplotlib.MatplotlibDataset", true},
		{"kedro_datasets.matplotlib.MatplotlibWriter", "kedro_datasets.matplotlib.MatplotlibDataset", true},
		{"tracking.MetricsDataset", "kedro_mlflow.io.metrics.MlflowMetricsHistoryDataset", true},
		{"tracking.JSONDataset", "json.JSONDataset", true},
		{"polars.GenericDataSet", "polars.EagerPolarsDataset", true},
		{"video.VideoDataset", "kedro_datasets_experimental.video.VideoDataset", true},
		{"kedro_mlflow.io.artifacts.MlflowArtifactDataSet", "kedro_mlflow.io.artifacts.MlflowArtifactDataset", true},
		{"kedro_mlflow.io.MlflowArtifactDataSet", "kedro_mlflow.io.artifacts.MlflowArtifactDataset", true},
		{"kedro_mlflow.io.models.MlflowModelLoggerDataSet", "kedro_mlflow.io.models.MlflowModelTrackingDataset", true},
		{"kedro_mlflow.io.models.MlflowModelSaverDataSet", "kedro_mlflow.io.models.MlflowModelLocalFileSystemDataset", true},
		{"kedro_mlflow.io.metrics.MlflowMetricsDataSet", "kedro_mlflow.io.metrics.MlflowMetricsHistoryDataset", true},
		// Current names and custom classes are not legacy.
		{"pandas.CSVDataset", "", false},
		{"kedro_mlflow.io.metrics.MlflowMetricsHistoryDataset", "", false},
		{"my_pkg.datasets.ImageDataSet", "", false},
		{"matrix_mlflow_utils.mlflow.MlflowMetricsDataset", "", false},
		{"FooDataSet", "", false},
	} {
		got, why, ok := LegacyType(tt.in)
		if ok != tt.legacy || got != tt.want || (ok && why == "") {
			t.Errorf("LegacyType(%q) = %q, %q, %v; want %q, %v", tt.in, got, why, ok, tt.want, tt.legacy)
		}
	}
}

func TestSpecificity(t *testing.T) {
	for _, tt := range []struct {
		key  string
		spec int
		n    int
	}{
		{"{namespace}.int_{name}", 5, 2},
		{"{default}", 0, 1},
		{"{a}{b}", 0, 2},
		{"{{x}}", 1, 2},
		{"données_{x}", 8, 1},
		{"a{b", 3, 1},
	} {
		if s, n := Specificity(tt.key), PlaceholderCount(tt.key); s != tt.spec || n != tt.n {
			t.Errorf("%q: specificity %d count %d; want %d %d", tt.key, s, n, tt.spec, tt.n)
		}
	}
}
