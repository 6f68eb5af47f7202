package lint

import "testing"

func TestFactoryUnreachable(t *testing.T) {
	expectRule(t, "factory-unreachable", `
"raw_{name}":
  type: pandas.CSVDataset
  filepath: data/01_raw/{name}.csv
"RAW_{name}":
  type: pandas.ExcelDataset
  filepath: data/01_raw/{name}.xlsx
"{ns}.{name}":
  type: pandas.ParquetDataset
  filepath: data/{ns}/{name}.pq
"{name}.{ns}":
  type: pandas.ParquetDataset
  filepath: data/{ns}/{name}.pq
`, nil,
		"conf/base/catalog.yml:2:1: warning: dataset pattern 'raw_{name}' is never used: 'RAW_{name}' ranks before it and matches every name it matches (pattern matching ignores case) [factory-unreachable]",
		"    conf/base/catalog.yml:5:1: note: the pattern that wins",
		"conf/base/catalog.yml:8:1: warning: dataset pattern '{ns}.{name}' is never used: '{name}.{ns}' ranks before it and matches every name it matches [factory-unreachable]",
		"    conf/base/catalog.yml:11:1: note: the pattern that wins")
	expectRule(t, "factory-unreachable", `
"{namespace}.int_{name}": {type: pandas.CSVDataset, filepath: "data/{name}.csv"}
"{namespace}.{name}": {type: pandas.CSVDataset, filepath: "data/{name}.csv"}
"{name}_csv": {type: pandas.CSVDataset, filepath: "data/{name}.csv"}
`, nil)
}
