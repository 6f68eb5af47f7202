package lint

import "testing"

func TestTranscodingSeparator(t *testing.T) {
	expectRule(t, "transcoding-separator", `
model_input@spark@v2:
  type: spark.SparkDataset
  filepath: data/model_input
"{name}@spark@v2":
  type: spark.SparkDataset
  filepath: data/{name}
`, nil,
		"conf/base/catalog.yml:2:1: error: Expected maximum 1 transcoding separator, found 2 instead: 'model_input@spark@v2'. [transcoding-separator]")
	expectRule(t, "transcoding-separator", `
model_input@spark: {type: spark.SparkDataset, filepath: data/model_input}
model_input@pandas: {type: pandas.ParquetDataset, filepath: data/model_input}
"{name}@spark": {type: spark.SparkDataset, filepath: "data/{name}"}
`, nil)
}
