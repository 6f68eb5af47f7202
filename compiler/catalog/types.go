package catalog

import "strings"

// kedroIOTypes are the dataset classes kedro.io exports (kedro 1.x), which
// a bare `type: MemoryDataset` resolves to.
var kedroIOTypes = map[string]bool{
	"MemoryDataset":       true,
	"CachedDataset":       true,
	"SharedMemoryDataset": true,
}

// kedroDatasetsModules are kedro_datasets' subpackages (kedro-datasets
// 9.6.0, plus tracking, video and netcdf, which older releases had), which
// `type: pandas.CSVDataset` resolves into.
var kedroDatasetsModules = map[string]bool{
	"api": true, "biosequence": true, "dask": true, "databricks": true, "email": true,
	"geopandas": true, "holoviews": true, "huggingface": true, "ibis": true, "json": true,
	"langchain": true, "matlab": true, "matplotlib": true, "networkx": true, "openxml": true,
	"pandas": true, "partitions": true, "pickle": true, "pillow": true, "plotly": true,
	"polars": true, "redis": true, "snowflake": true, "spark": true, "svmlight": true,
	"tensorflow": true, "text": true, "yaml": true,
	"tracking": true, "video": true, "netcdf": true,
}

// ResolveType is Kedro's class lookup over _DEFAULT_PACKAGES ("kedro.io.",
// "kedro_datasets.", ""), decided without importing anything: kedro.io's
// own classes, then kedro_datasets' subpackages, else the path as written.
// ok is false where Kedro refuses the string itself: empty, or a leading or
// trailing '.' ("'type' class path does not support relative paths or
// paths ending with a dot.").
func ResolveType(t string) (full string, ok bool) {
	if t == "" || strings.Trim(t, ".") != t {
		return "", false
	}
	dot := strings.IndexByte(t, '.')
	if dot < 0 {
		if kedroIOTypes[t] {
			return "kedro.io." + t, true
		}
		return t, true
	}
	if kedroDatasetsModules[t[:dot]] {
		return "kedro_datasets." + t, true
	}
	return t, true
}
