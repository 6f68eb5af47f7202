package lint

import "testing"

// A dataset bound to a uri parameter must render as a URL: MLflow refuses
// a value without a scheme, so kfc build fails where vet used to be quiet.
func TestPipelineEntryPointDatasetURI(t *testing.T) {
	mlproject := "name: demo\nentry_points:\n  score:\n    parameters: {src: uri}\n    command: python score.py {src}\n"
	bad := vetProject(t, map[string]string{
		"MLproject":               mlproject,
		"conf/base/catalog.yml":   "raw: {type: pandas.CSVDataset, filepath: data/raw.csv}\n",
		"conf/base/pipelines.yml": "p:\n  nodes:\n    - {name: s, entry_point: score, inputs: {src: raw}}\n",
	})
	equalLines(t, "local path bound to uri", bad, []string{
		`conf/base/pipelines.yml:3:51: error: parameter "src" of entry point "score" has type uri, and dataset "raw" is at data/raw.csv, which has no URL scheme: MLflow fails with "Expected URI for parameter src"; give the dataset a URL (file://, s3://...) or declare the parameter as path [pipeline-entry-point]`,
	})
	good := vetProject(t, map[string]string{
		"MLproject":               mlproject,
		"conf/base/catalog.yml":   "raw: {type: pandas.CSVDataset, filepath: \"s3://bucket/raw.csv\"}\n",
		"conf/base/pipelines.yml": "p:\n  nodes:\n    - {name: s, entry_point: score, inputs: {src: raw}}\n",
	})
	equalLines(t, "URL bound to uri", good, []string{})
}
