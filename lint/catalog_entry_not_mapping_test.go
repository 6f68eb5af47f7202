package lint

import "testing"

func TestCatalogEntryNotMapping(t *testing.T) {
	expectRule(t, "catalog-entry-not-mapping", `
base_location: data/01_raw
companies:
  type: pandas.CSVDataset
  filepath: data/01_raw/companies.csv
`, nil,
		"conf/base/catalog.yml:2:1: error: Catalog entry 'base_location' is not a valid dataset configuration. Hint: If this catalog entry is intended for variable interpolation, make sure that the key is preceded by an underscore. [catalog-entry-not-mapping]")
	expectRule(t, "catalog-entry-not-mapping", `
_base_location: data/01_raw
companies:
  type: pandas.CSVDataset
  filepath: ${_base_location}/companies.csv
`, nil)
}
