package lint

import "testing"

func TestFactorySyntax(t *testing.T) {
	expectRule(t, "factory-syntax", `
"{name:q}_csv":
  type: pandas.CSVDataset
  filepath: data/{name:q}.csv
"{fold:d}_{fold}_model":
  type: pickle.PickleDataset
  filepath: data/{fold}.pkl
"{_private}_json":
  type: json.JSONDataset
  filepath: data/{_private}.json
"{name}_txt":
  type: text.TextDataset
  filepath: data/{name}}.txt
`, nil,
		"conf/base/catalog.yml:2:1: error: dataset pattern '{name:q}_csv': {name:q}: format spec 'q' not recognised (parse raises ValueError) [factory-syntax]",
		"conf/base/catalog.yml:5:1: error: dataset pattern '{fold:d}_{fold}_model': placeholder \"fold\" is repeated with a different format (\"d\", then \"\"): parse raises RepeatedNameError [factory-syntax]",
		"conf/base/catalog.yml:10:13: error: Kedro cannot fill 'data/{_private}.json' from the pattern '{_private}_json': str.format_map raises KeyError: '_private' (parse returns {_private} only by position: a placeholder name must start with a letter) [factory-syntax]",
		"conf/base/catalog.yml:13:13: error: Kedro cannot fill 'data/{name}}.txt' from the pattern '{name}_txt': str.format_map raises Single '}' encountered in format string [factory-syntax]")
	expectRule(t, "factory-syntax", `
"{name}_csv": {type: pandas.CSVDataset, filepath: "data/{name}.csv"}
"{fold:d}_{fold:d}_model": {type: pickle.PickleDataset, filepath: "data/{fold:d}.pkl"}
"{}_{name}_json": {type: json.JSONDataset, filepath: "data/{name}.json"}
`, nil)
}
