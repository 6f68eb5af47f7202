package schema

import (
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

func mustLoad(t testing.TB) *Schemas {
	t.Helper()
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// checkCatalog parses a catalog and checks each entry, resolving types by
// Kedro's prefix rule, as the lint rules do.
func checkCatalog(t testing.TB, s *Schemas, src string) []string {
	t.Helper()
	var diags diag.List
	root := tree.Parse("catalog.yml", []byte(src), &diags)
	for _, p := range root.Pairs {
		typ := p.Value.Get("type")
		if typ == nil || typ.Kind != tree.String {
			continue
		}
		if full, ok := s.prefixResolve(typ.Text); ok {
			s.CheckDataset(full, p.Value, &diags)
		} else {
			s.CheckTypeName(typ.Text, typ.Pos(), &diags)
		}
	}
	var out []string
	for _, d := range diags.Items() {
		out = append(out, d.String())
	}
	return out
}

func TestCheckDataset(t *testing.T) {
	s := mustLoad(t)
	cases := []struct {
		name, src string
		want      []string
	}{
		{"valid", `
cars:
  type: pandas.CSVDataset
  filepath: data/cars.csv
  load_args: {sep: ","}
  credentials: dev_s3
  versioned: true
  metadata: {kedro-viz: {layer: raw}}
`, nil},
		{"unknown argument with hint", `
cars:
  type: pandas.CSVDataset
  filepth: data/cars.csv
`, []string{
			`catalog.yml:3:9: pandas.CSVDataset requires argument "filepath" [schema.MissingArgument]`,
			`catalog.yml:4:3: pandas.CSVDataset does not take argument "filepth" (did you mean "filepath"?) [schema.UnknownArgument]`,
		}},
		{"unknown argument lists the type's arguments", `
t:
  type: text.TextDataset
  filepath: a.txt
  zzzzzzzz: 1
`, []string{
			`catalog.yml:5:3: text.TextDataset does not take argument "zzzzzzzz"; it takes filepath, credentials, fs_args, metadata, versioned [schema.UnknownArgument]`,
		}},
		{"argument types", `
cars:
  type: pandas.CSVDataset
  filepath: 3
  load_args: [a]
  credentials: [x]
`, []string{
			`catalog.yml:4:13: pandas.CSVDataset argument filepath: expected a string, got 3 (an integer) [schema.ArgumentType]`,
			`catalog.yml:5:14: pandas.CSVDataset argument load_args: expected null or a mapping, got a sequence [schema.ArgumentType]`,
			`catalog.yml:6:16: pandas.CSVDataset argument credentials: expected null, a string or a mapping, got a sequence [schema.ArgumentType]`,
		}},
		{"enum", `
m:
  type: MemoryDataset
  copy_mode: deep
`, []string{
			`catalog.yml:4:14: MemoryDataset argument copy_mode: expected one of null, "deepcopy", "copy", "assign"; got "deep" [schema.ArgumentType]`,
		}},
		{"not versionable and reserved version", `
sql:
  type: pandas.SQLTableDataset
  table_name: t
  credentials: db
  versioned: true
  version: 3
`, []string{
			`catalog.yml:6:14: pandas.SQLTableDataset cannot be versioned: its constructor takes no version argument, so versioned: true fails when the catalog is built [schema.NotVersionable]`,
			`catalog.yml:7:3: "version" is reserved: Kedro removes it from the dataset configuration with a warning; use versioned: true and --load-versions instead [schema.ReservedVersion]`,
		}},
		{"versioned false is fine anywhere", `
sql:
  type: pandas.SQLTableDataset
  table_name: t
  credentials: db
  versioned: false
`, nil},
		{"nested partitioned dataset", `
parts:
  type: partitions.PartitionedDataset
  path: data/parts
  dataset:
    type: pandas.CSVDataset
    load_args: {sep: ";"}
    sav_args: {}
str:
  type: partitions.PartitionedDataset
  path: data/parts
  dataset: pandas.CSVDatset
`, []string{
			`catalog.yml:8:5: pandas.CSVDataset does not take argument "sav_args" (did you mean "save_args"?) [schema.UnknownArgument]`,
			`catalog.yml:12:12: unknown dataset type "pandas.CSVDatset" (did you mean "pandas.CSVDataset"?) [schema.UnknownType]`,
		}},
		{"plotly_args.type is not a dataset type", `
plot:
  type: plotly.PlotlyDataset
  filepath: a.json
  plotly_args:
    type: bar
    fig: {x: a}
`, nil},
		{"legacy names", `
a:
  type: pandas.CSVDataSet
  filepath: a.csv
b:
  type: kedro_mlflow.io.artifacts.MlflowArtifactDataset
  data_set:
    type: pandas.CSVDataset
    filepath: a.csv
c:
  type: kedro_mlflow.io.models.MlflowModelLoggerDataSet
  flavor: mlflow.sklearn
d:
  type: my_pkg.datasets.ImageDataset
  whatever: 1
`, []string{
			`catalog.yml:3:9: dataset type "pandas.CSVDataSet" no longer exists: since kedro-datasets 2.0 'Dataset' is spelled with a lowercase 's' (pandas.CSVDataset) [schema.UnknownType]`,
			`catalog.yml:6:9: kedro_mlflow.io.artifacts.MlflowArtifactDataset requires argument "dataset" [schema.MissingArgument]`,
			`catalog.yml:7:3: kedro_mlflow.io.artifacts.MlflowArtifactDataset does not take argument "data_set" (did you mean "dataset"?) [schema.UnknownArgument]`,
			`catalog.yml:11:9: dataset type "kedro_mlflow.io.models.MlflowModelLoggerDataSet" no longer exists: it was renamed kedro_mlflow.io.models.MlflowModelTrackingDataset [schema.UnknownType]`,
			`catalog.yml:14:9: dataset type "my_pkg.datasets.ImageDataset" is not known to kfc, so its arguments are not checked; declare it under [tool.kfc.dataset_types] in pyproject.toml [schema.UncheckedType]`,
		}},
		{"factory placeholders are not type-checked", `
"{name}_model":
  type: kedro_mlflow.io.metrics.MlflowMetricDataset
  save_args: {mode: "{mode}"}
"{name}#csv":
  type: pandas.CSVDataset
  filepath: data/{name}.csv
`, nil},
		{"metric modes", `
m:
  type: kedro_mlflow.io.metrics.MlflowMetricDataset
  save_args: {mode: replace, step: "x"}
`, []string{
			`catalog.yml:4:21: kedro_mlflow.io.metrics.MlflowMetricDataset argument save_args.mode: expected one of "overwrite", "append"; got "replace" [schema.ArgumentType]`,
			`catalog.yml:4:36: kedro_mlflow.io.metrics.MlflowMetricDataset argument save_args.step: expected null or an integer, got "x" [schema.ArgumentType]`,
		}},
		{"cached dataset", `
c:
  type: CachedDataset
  dataset:
    type: pandas.CSVDataset
    filepath: a.csv
    versioned: true
d:
  type: CachedDataset
  versioned: true
  dataset: pandas.CSVDataset
`, []string{
			`catalog.yml:7:5: set versioned on the CachedDataset, not on the dataset it wraps [schema.NotVersionable]`,
			`catalog.yml:11:12: CachedDataset argument dataset: expected a mapping with type, got "pandas.CSVDataset" [schema.ArgumentType]`,
		}},
		{"top-level layer", `
"feat_{metric}":
  type: pandas.ParquetDataset
  filepath: data/{metric}.pq
  layer: feature
`, []string{
			`catalog.yml:5:3: pandas.ParquetDataset does not take argument "layer"; it takes filepath, load_args, save_args, credentials, fs_args, metadata, versioned; since Kedro 0.19 the layer goes under metadata: kedro-viz: layer: [schema.UnknownArgument]`,
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := checkCatalog(t, s, c.src)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}
