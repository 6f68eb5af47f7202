package lint

import "testing"

func TestTranscodingSeparatorPattern(t *testing.T) {
	expectRule(t, "transcoding-separator-pattern", `
model_input@spark@v2:
  type: spark.SparkDataset
  filepath: data/model_input
"{name}@spark@v2":
  type: spark.SparkDataset
  filepath: data/{name}
`, nil,
		"conf/base/catalog.yml:5:1: warning: dataset pattern '{name}@spark@v2' has 2 transcoding separators: every name it matches fails in a pipeline (Expected maximum 1 transcoding separator) [transcoding-separator-pattern]")
	expectRule(t, "transcoding-separator-pattern", `
model_input@spark: {type: spark.SparkDataset, filepath: data/model_input}
"{name}@spark": {type: spark.SparkDataset, filepath: "data/{name}"}
`, nil)
}
