package lint

import "testing"

func TestDatasetUnknownType(t *testing.T) {
	got := vetRule(t, "dataset-unknown-type", map[string]string{
		"pyproject.toml": "[tool.kfc.dataset_types.\"my_pkg.datasets.ImageDataset\"]\nrequired = [\"filepath\"]\n",
		"conf/base/catalog.yml": `
a:
  type: pandas.CSVDatset
  filepath: a.csv
b:
  type: pandas.CSVDataSet
  filepath: b.csv
c:
  type: other_pkg.datasets.Thing
d:
  type: my_pkg.datasets.ImageDataset
  filepath: d.png
`})
	// pandas.CSVDataSet (line 6) is catalog-legacy-type's finding alone.
	equalLines(t, "findings", got, []string{
		`conf/base/catalog.yml:3:9: error: unknown dataset type "pandas.CSVDatset" (did you mean "pandas.CSVDataset"?) [dataset-unknown-type]`,
	})
}
