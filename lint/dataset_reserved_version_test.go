package lint

import "testing"

func TestDatasetReservedVersion(t *testing.T) {
	got := vetRule(t, "dataset-reserved-version", map[string]string{"conf/base/catalog.yml": `
model:
  type: pickle.PickleDataset
  filepath: data/model.pkl
  version: 2024-01-01T00.00.00.000Z
`})
	equalLines(t, "findings", got, []string{
		`conf/base/catalog.yml:5:3: warning: "version" is reserved: Kedro removes it from the dataset configuration with a warning; use versioned: true and --load-versions instead [dataset-reserved-version]`,
	})
}
