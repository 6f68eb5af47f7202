package lint

import "testing"

func TestCatalogPathEscapes(t *testing.T) {
	expectRule(t, "catalog-path-escapes", `
shared:
  type: pandas.CSVDataset
  filepath: ../shared-data/companies.csv
parts:
  type: partitions.PartitionedDataset
  path: data/../../parts
  dataset: {type: pandas.CSVDataset, filepath: ../nested.csv}
"{name}_csv":
  type: pandas.CSVDataset
  filepath: ../data/{name}.csv
`, nil,
		"conf/base/catalog.yml:4:13: warning: '../shared-data/companies.csv' is outside the project: Kedro joins a relative 'filepath' to the project root, giving <project>/../shared-data/companies.csv [catalog-path-escapes]",
		"conf/base/catalog.yml:7:9: warning: 'data/../../parts' is outside the project: Kedro joins a relative 'path' to the project root, giving <project>/data/../../parts [catalog-path-escapes]",
		"conf/base/catalog.yml:8:48: warning: '../nested.csv' is outside the project: Kedro joins a relative 'filepath' to the project root, giving <project>/../nested.csv [catalog-path-escapes]",
		"conf/base/catalog.yml:11:13: warning: '../data/{name}.csv' is outside the project: Kedro joins a relative 'filepath' to the project root, giving <project>/../data/{name}.csv [catalog-path-escapes]")
	expectRule(t, "catalog-path-escapes", `
a: {type: pandas.CSVDataset, filepath: data/../data/a.csv}
b: {type: pandas.CSVDataset, filepath: /abs/../b.csv}
c: {type: pandas.CSVDataset, filepath: s3://bucket/../c.csv}
d: {type: pandas.CSVDataset, filepath: data/d.csv, load_args: {names: ../not-a-path}}
"{x}_e": {type: pandas.CSVDataset, filepath: "{x}/../../e.csv"}
`, nil)
}
