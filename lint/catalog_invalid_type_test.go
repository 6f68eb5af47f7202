package lint

import "testing"

func TestCatalogInvalidType(t *testing.T) {
	expectRule(t, "catalog-invalid-type", `
a: {type: .CSVDataset}
b: {type: pandas.}
c: {type: ""}
d: {type: [pandas.CSVDataset]}
`, nil,
		"conf/base/catalog.yml:2:11: error: 'type' class path does not support relative paths or paths ending with a dot: '.CSVDataset' [catalog-invalid-type]",
		"conf/base/catalog.yml:3:11: error: 'type' class path does not support relative paths or paths ending with a dot: 'pandas.' [catalog-invalid-type]",
		"conf/base/catalog.yml:4:11: error: 'type' is empty: it must name a dataset class such as pandas.CSVDataset [catalog-invalid-type]",
		"conf/base/catalog.yml:5:11: error: 'type' must be a dataset class path such as pandas.CSVDataset, not a sequence [catalog-invalid-type]")
	expectRule(t, "catalog-invalid-type", "a: {type: pandas.CSVDataset, filepath: a.csv}\n", nil)
}
