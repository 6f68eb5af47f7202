package lint

import "testing"

func TestDatasetArgumentType(t *testing.T) {
	got := vetRule(t, "dataset-argument-type", map[string]string{"conf/base/catalog.yml": `
cars:
  type: pandas.CSVDataset
  filepath: data/cars.csv
  load_args: sep
cache:
  type: MemoryDataset
  copy_mode: shallow
ok:
  type: MemoryDataset
  copy_mode: assign
`})
	equalLines(t, "findings", got, []string{
		`conf/base/catalog.yml:5:14: error: pandas.CSVDataset argument load_args: expected null or a mapping, got "sep" [dataset-argument-type]`,
		`conf/base/catalog.yml:8:14: error: MemoryDataset argument copy_mode: expected one of null, "deepcopy", "copy", "assign"; got "shallow" [dataset-argument-type]`,
	})
}
