package lint

import "testing"

func TestDatasetNotVersionable(t *testing.T) {
	got := vetRule(t, "dataset-not-versionable", map[string]string{"conf/base/catalog.yml": `
scooters:
  type: pandas.SQLTableDataset
  table_name: scooters
  credentials: db
  versioned: true
model:
  type: pickle.PickleDataset
  filepath: data/model.pkl
  versioned: true
`})
	equalLines(t, "findings", got, []string{
		`conf/base/catalog.yml:6:14: error: pandas.SQLTableDataset cannot be versioned: its constructor takes no version argument, so versioned: true fails when the catalog is built [dataset-not-versionable]`,
	})
}
