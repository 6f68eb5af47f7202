package lint

import "testing"

func TestFactoryMultipleCatchAll(t *testing.T) {
	expectRule(t, "factory-multiple-catch-all", `
"{default}":
  type: pickle.PickleDataset
  filepath: data/{default}.pkl
"{name}":
  type: MemoryDataset
"{a}{b}":
  type: MemoryDataset
`, nil,
		"conf/base/catalog.yml:2:1: error: Multiple catch-all patterns found in the catalog: {a}{b}, {default}, {name}. Only one catch-all pattern is allowed, remove the extras. [factory-multiple-catch-all]",
		"    conf/base/catalog.yml:5:1: note: catch-all pattern '{name}'",
		"    conf/base/catalog.yml:7:1: note: catch-all pattern '{a}{b}'")
	expectRule(t, "factory-multiple-catch-all", `
"{default}": {type: pickle.PickleDataset, filepath: "data/{default}.pkl"}
"{name}_csv": {type: pandas.CSVDataset, filepath: "data/{name}.csv"}
`, nil)
}
