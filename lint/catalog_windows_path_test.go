package lint

import "testing"

func TestCatalogWindowsPath(t *testing.T) {
	expectRule(t, "catalog-windows-path", `
a:
  type: pandas.CSVDataset
  filepath: data\01_raw\a.csv
b:
  type: pandas.CSVDataset
  filepath: C:/data/b.csv
`, nil,
		`conf/base/catalog.yml:4:13: warning: 'data\01_raw\a.csv' uses backslashes: on Linux and macOS a backslash is part of a file name, not a separator; use '/' (Windows accepts it too) [catalog-windows-path]`,
		`conf/base/catalog.yml:7:13: warning: 'C:/data/b.csv' is a Windows path: it only works on Windows; use a path relative to the project or a URL [catalog-windows-path]`)
	expectRule(t, "catalog-windows-path", `
a: {type: pandas.CSVDataset, filepath: data/01_raw/a.csv, load_args: {sep: "\\t"}}
b: {type: pandas.CSVDataset, filepath: "abfs://container/b.csv"}
`, nil)
}
