package lint

import "testing"

func TestFactoryUnsupported(t *testing.T) {
	expectRule(t, "factory-unsupported", `
"{day:ti}_events":
  type: pandas.CSVDataset
  filepath: data/events.csv
"{name[key]}_x":
  type: pandas.CSVDataset
  filepath: data/x.csv
`, nil,
		"conf/base/catalog.yml:2:1: warning: dataset pattern '{day:ti}_events': {day:ti}: kfc does not support the parse type 'ti' (supported: none, d, w, W, s, S, D, l); kfc does not match names against this pattern [factory-unsupported]",
		"conf/base/catalog.yml:5:1: warning: dataset pattern '{name[key]}_x': {name[key]}: kfc does not support index placeholders; kfc does not match names against this pattern [factory-unsupported]")
	expectRule(t, "factory-unsupported", `
"{day:d}_events": {type: pandas.CSVDataset, filepath: "data/{day:d}.csv"}
"{name:w}_x": {type: pandas.CSVDataset, filepath: "data/{name:w}.csv"}
`, nil)
}
