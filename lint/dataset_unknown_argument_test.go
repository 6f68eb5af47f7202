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
	// The top-level layer (line 9) is catalog-top-level-layer's finding alone.
	equalLines(t, "findings", got, []string{
		`conf/base/catalog.yml:4:3: error: pandas.CSVDataset does not take argument "filepth" (did you mean "filepath"?) [dataset-unknown-argument]`,
	})
}
