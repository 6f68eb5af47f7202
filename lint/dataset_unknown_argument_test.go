package lint

import "testing"

func TestDatasetUnknownArgument(t *testing.T) {
	got := vetRule(t, "dataset-unknown-argument", map[string]string{"conf/base/catalog.yml": `
cars:
  type: pandas.CSVDataset
  filepth: data/cars.csv
"{name}_plot":
  type: plotly.PlotlyDataset
  filepath: data/{name}.json
  plotly_args: {type: bar}
  layer: reporting
ok:
  type: pandas.CSVDataset
  filepath: data/ok.csv
`})
	equalLines(t, "findings", got, []string{
		`conf/base/catalog.yml:4:3: error: pandas.CSVDataset does not take argument "filepth" (did you mean "filepath"?) [dataset-unknown-argument]`,
		`conf/base/catalog.yml:9:3: error: plotly.PlotlyDataset does not take argument "layer"; it takes filepath, plotly_args, load_args, save_args, credentials, fs_args, metadata, versioned; since Kedro 0.19 the layer goes under metadata: kedro-viz: layer: [dataset-unknown-argument]`,
	})
}
