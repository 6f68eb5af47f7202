package catalog

import "strings"

type rename struct {
	current string // "" when there is no replacement
	why     string
}

const (
	whyDataSet    = "kedro-datasets 2.0 and Kedro 0.19 renamed the *DataSet classes to *Dataset"
	whyExtras     = "Kedro 0.19 removed kedro.extras.datasets; the datasets live in kedro-datasets"
	whyPartitions = "Kedro 0.19 moved it from kedro.io to kedro-datasets"
	whyMlflow     = "kedro-mlflow 0.12 renamed it"
)

// legacyShort maps removed names, written the short way Kedro resolves
// them, to what replaced them (sources: Kedro RELEASE.md, kedro-datasets
// RELEASE.md).
var legacyShort = map[string]rename{
	"MemoryDataSet":               {"MemoryDataset", whyDataSet},
	"CachedDataSet":               {"CachedDataset", whyDataSet},
	"PartitionedDataSet":          {"partitions.PartitionedDataset", whyPartitions},
	"PartitionedDataset":          {"partitions.PartitionedDataset", whyPartitions},
	"IncrementalDataSet":          {"partitions.IncrementalDataset", whyPartitions},
	"IncrementalDataset":          {"partitions.IncrementalDataset", whyPartitions},
	"LambdaDataSet":               {"", "Kedro 1.0 removed LambdaDataset; write a custom dataset class"},
	"LambdaDataset":               {"", "Kedro 1.0 removed LambdaDataset; write a custom dataset class"},
	"matplotlib.MatplotlibWriter": {"matplotlib.MatplotlibDataset", "kedro-datasets 9.0 removed MatplotlibWriter (renamed in 7.0)"},
	"tracking.MetricsDataset":     {"kedro_mlflow.io.metrics.MlflowMetricsHistoryDataset", "kedro-datasets 7.0 removed the tracking datasets"},
	"tracking.MetricsDataSet":     {"kedro_mlflow.io.metrics.MlflowMetricsHistoryDataset", "kedro-datasets 7.0 removed the tracking datasets"},
	"tracking.JSONDataset":        {"json.JSONDataset", "kedro-datasets 7.0 removed the tracking datasets"},
	"tracking.JSONDataSet":        {"json.JSONDataset", "kedro-datasets 7.0 removed the tracking datasets"},
	"polars.GenericDataSet":       {"polars.EagerPolarsDataset", "kedro-datasets 1.8 renamed it and 2.0 removed the old name"},
	"polars.GenericDataset":       {"polars.EagerPolarsDataset", "kedro-datasets 1.8 renamed it and 2.0 removed the old name"},
	"video.VideoDataset":          {"kedro_datasets_experimental.video.VideoDataset", "kedro-datasets 6.0 moved it to kedro-datasets-experimental"},
	"video.VideoDataSet":          {"kedro_datasets_experimental.video.VideoDataset", "kedro-datasets 6.0 moved it to kedro-datasets-experimental"},
	"netcdf.NetCDFDataset":        {"kedro_datasets_experimental.netcdf.NetCDFDataset", "kedro-datasets 4.0 moved it to kedro-datasets-experimental"},
	"netcdf.NetCDFDataSet":        {"kedro_datasets_experimental.netcdf.NetCDFDataset", "kedro-datasets 4.0 moved it to kedro-datasets-experimental"},
}

// legacyMlflow maps kedro-mlflow's old class names to the current paths
// (kedro-mlflow CHANGELOG 0.12.0).
var legacyMlflow = map[string]string{
	"MlflowArtifactDataSet":      "kedro_mlflow.io.artifacts.MlflowArtifactDataset",
	"MlflowModelRegistryDataSet": "kedro_mlflow.io.models.MlflowModelRegistryDataset",
	"MlflowMetricDataSet":        "kedro_mlflow.io.metrics.MlflowMetricDataset",
	"MlflowMetricHistoryDataSet": "kedro_mlflow.io.metrics.MlflowMetricHistoryDataset",
	"MlflowModelLoggerDataSet":   "kedro_mlflow.io.models.MlflowModelTrackingDataset",
	"MlflowModelSaverDataSet":    "kedro_mlflow.io.models.MlflowModelLocalFileSystemDataset",
	"MlflowMetricsDataSet":       "kedro_mlflow.io.metrics.MlflowMetricsHistoryDataset",
}

// LegacyType reports a dataset type that no longer exists in current
// Kedro, kedro-datasets or kedro-mlflow: the name to use instead ("" when
// nothing replaces it) and why. Custom classes whose names end in
// "DataSet" are not legacy: Kedro only warns about the spelling and loads
// them.
func LegacyType(t string) (current, why string, ok bool) {
	if strings.HasPrefix(t, "kedro_mlflow.") {
		cls := t[strings.LastIndexByte(t, '.')+1:]
		if cur, found := legacyMlflow[cls]; found {
			return cur, whyMlflow, true
		}
		return "", "", false
	}
	short, prefix, extras := t, "", false
	switch {
	case strings.HasPrefix(t, "kedro.extras.datasets."):
		short, extras = strings.TrimPrefix(t, "kedro.extras.datasets."), true
	case strings.HasPrefix(t, "kedro_datasets."):
		short, prefix = strings.TrimPrefix(t, "kedro_datasets."), "kedro_datasets."
	case strings.HasPrefix(t, "kedro.io."):
		short, prefix = strings.TrimPrefix(t, "kedro.io."), "kedro.io."
	}
	if r, found := legacyShort[short]; found {
		cur := r.current
		if cur != "" && prefix != "" && sameHome(prefix, cur) {
			cur = prefix + cur
		}
		if extras {
			return cur, whyExtras + "; " + r.why, true
		}
		return cur, r.why, true
	}
	if strings.HasSuffix(short, "DataSet") && isKedroOwned(short) {
		cur := strings.TrimSuffix(short, "DataSet") + "Dataset"
		if extras {
			return cur, whyExtras + "; " + whyDataSet, true
		}
		return prefix + cur, whyDataSet, true
	}
	if extras {
		return short, whyExtras, true
	}
	return "", "", false
}

// isKedroOwned reports a short type name in kedro.io or kedro_datasets.
func isKedroOwned(short string) bool {
	dot := strings.IndexByte(short, '.')
	if dot < 0 { // bare names resolve in kedro.io first
		return kedroIOTypes[strings.TrimSuffix(short, "DataSet")+"Dataset"]
	}
	return kedroDatasetsModules[short[:dot]]
}

// sameHome reports whether a replacement still lives where prefix points.
func sameHome(prefix, current string) bool {
	dot := strings.IndexByte(current, '.')
	if prefix == "kedro.io." {
		return dot < 0
	}
	return dot >= 0 && kedroDatasetsModules[current[:dot]]
}
