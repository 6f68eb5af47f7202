package config

import (
	"maps"
	"slices"
	"testing"
)

// TestBrokenKeys: a key is broken when one of its files fails to read or
// parse, or is not a mapping; the keys whose files all read are not.
func TestBrokenKeys(t *testing.T) {
	p, _ := load(t, map[string]string{
		"conf/base/parameters.yml":      "a: 1\n",
		"conf/local/parameters.yml":     "b: [1\n",            // unclosed bracket
		"conf/base/catalog.yml":         "x:\n  type: a.B\n",  // whole
		"conf/base/catalog_more.yml":    "x: !!python/none\n", // a tag PyYAML refuses
		"conf/base/globals.yml":         "- a list\n",         // not a mapping
		"conf/base/mlflow.yml":          "server: {}\n",
		"conf/base/credentials.yml":     "c: \x00\n",
		"MLproject":                     "name: [x\n",
		"conf/base/pipelines.yml":       "p:\n  nodes: []\n",
		"conf/base/more/parameters.yml": "", // empty is whole
	}, LoadOptions{})
	got := slices.Sorted(maps.Keys(p.Broken))
	want := []string{"catalog", "credentials", "globals", "mlproject", "parameters"}
	if !slices.Equal(got, want) {
		t.Errorf("broken keys %v, want %v", got, want)
	}
	if p.IsBroken("mlflow") || p.IsBroken("pipelines") {
		t.Errorf("mlflow or pipelines broken: %v", p.Broken)
	}
}
