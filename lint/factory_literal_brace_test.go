package lint

import "testing"

func TestFactoryLiteralBrace(t *testing.T) {
	expectRule(t, "factory-literal-brace", `
"{name_csv":
  type: pandas.CSVDataset
  filepath: data/x.csv
`, nil,
		`conf/base/catalog.yml:2:1: warning: dataset pattern '{name_csv': the brace in "{name_csv" is not a placeholder: parse matches it as literal text [factory-literal-brace]`)
	expectRule(t, "factory-literal-brace", `
"{name}_csv": {type: pandas.CSVDataset, filepath: "data/{name}.csv"}
`, nil)
}
