package lint

import "testing"

func TestDatasetUncheckedType(t *testing.T) {
	got := vetRule(t, "dataset-unchecked-type", map[string]string{
		"pyproject.toml": "[tool.kfc.dataset_types.\"my_pkg.datasets.ImageDataset\"]\nrequired = [\"filepath\"]\n",
		"conf/base/catalog.yml": `
a:
  type: pandas.CSVDatset
  filepath: a.csv
c:
  type: other_pkg.datasets.Thing
d:
  type: my_pkg.datasets.ImageDataset
  filepath: d.png
`})
	// pandas.CSVDatset is in a namespace kfc knows: dataset-unknown-type's.
	equalLines(t, "findings", got, []string{
		`conf/base/catalog.yml:6:9: info: dataset type "other_pkg.datasets.Thing" is not known to kfc, so its arguments are not checked; declare it under [tool.kfc.dataset_types] in pyproject.toml [dataset-unchecked-type]`,
	})
}
