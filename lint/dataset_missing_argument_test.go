package lint

import "testing"

func TestDatasetMissingArgument(t *testing.T) {
	got := vetRule(t, "dataset-missing-argument", map[string]string{"conf/base/catalog.yml": `
store:
  type: pandas.HDFDataset
  filepath: data/store.h5
parts:
  type: partitions.PartitionedDataset
  path: data/parts
  dataset: {type: pandas.CSVDataset}
ok:
  type: pandas.HDFDataset
  filepath: data/store.h5
  key: table
`})
	equalLines(t, "findings", got, []string{
		`conf/base/catalog.yml:3:9: error: pandas.HDFDataset requires argument "key" [dataset-missing-argument]`,
	})
}
