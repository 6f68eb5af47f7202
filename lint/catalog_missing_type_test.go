package lint

import "testing"

func TestCatalogMissingType(t *testing.T) {
	expectRule(t, "catalog-missing-type", `
companies:
  filepath: data/01_raw/companies.csv
"{name}_csv":
  filepath: data/{name}.csv
`, nil,
		"conf/base/catalog.yml:2:1: error: An exception occurred when parsing config for dataset 'companies': 'type' is missing from dataset catalog configuration. [catalog-missing-type]",
		"conf/base/catalog.yml:4:1: error: 'type' is missing from dataset catalog configuration: every dataset the pattern '{name}_csv' resolves fails to load [catalog-missing-type]")
	expectRule(t, "catalog-missing-type", `
companies:
  type: pandas.CSVDataset
  filepath: data/01_raw/companies.csv
`, nil)
}
