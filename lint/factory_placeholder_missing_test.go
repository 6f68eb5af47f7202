package lint

import "testing"

func TestFactoryPlaceholderMissing(t *testing.T) {
	expectRule(t, "factory-placeholder-missing", `
"{namespace}.int_{name}":
  type: pandas.CSVDataset
  filepath: data/{namespace}/{nam}.csv
  metadata: {kedro-viz: {layer: "{layer}"}}
`, nil,
		"conf/base/catalog.yml:2:1: error: Incorrect dataset configuration provided. Keys used in the configuration {'{layer}', '{nam}'} should present in the dataset pattern name {namespace}.int_{name}. [factory-placeholder-missing]",
		"    conf/base/catalog.yml:4:13: note: {nam} is used here",
		"    conf/base/catalog.yml:5:33: note: {layer} is used here")
	expectRule(t, "factory-placeholder-missing", `
"{namespace}.int_{name}":
  type: pandas.CSVDataset
  filepath: data/{namespace}/{name}.csv
`, nil)
}
