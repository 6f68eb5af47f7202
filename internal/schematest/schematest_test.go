package schematest

import (
	"strings"
	"testing"
)

const validPlan = `{
  "datasets": {
    "a": {"config": {}, "consumers": [], "hash": "sha256:0000000000000000000000000000000000000000000000000000000000000000",
          "id": "dataset.a", "name": "a", "path": ".kfc/runs/{run_id}/data/a", "persisted": false,
          "producer": "node.n", "resolution": "default", "type": "kedro.io.MemoryDataset", "versioned": false}
  },
  "env": "local",
  "hash": "sha256:0000000000000000000000000000000000000000000000000000000000000000",
  "kfc_version": "test",
  "nodes": [
    {"command": {"argv": ["echo", "hi"]}, "depends_on": [], "hash": "sha256:0000000000000000000000000000000000000000000000000000000000000000",
     "id": "node.n", "inputs": [], "name": "n", "outputs": ["a"], "parameters": {}, "tags": []}
  ],
  "parameters": {},
  "pipeline": "__default__",
  "project": {},
  "schema_version": "1",
  "selectors": {}
}`

func TestValidatePlan(t *testing.T) {
	if err := ValidatePlan([]byte(validPlan)); err != nil {
		t.Fatalf("valid plan rejected: %v", err)
	}
	for _, tc := range []struct{ from, to, want string }{
		{`"schema_version": "1"`, `"schema_version": "2"`, "/schema_version"},
		{`"env": "local",`, ``, "env"},
		{`"hash": "sha256:0000000000000000000000000000000000000000000000000000000000000000",
  "kfc_version"`, `"hash": "md5:00", "kfc_version"`, "/hash"},
		{`{"argv": ["echo", "hi"]}`, `{"argv": []}`, "/nodes/0/command"},
		{`{"argv": ["echo", "hi"]}`, `{"argv": ["a"], "shell": "b"}`, "/nodes/0/command"},
		{`"resolution": "default"`, `"resolution": "guess"`, "/datasets/a/resolution"},
		{`"selectors": {}`, `"selectors": {"load_versions": {"a": "../x"}}`, "/selectors/load_versions/a"},
		{`"project": {}`, `"project": {"root": "/home/me"}`, "/project"},
	} {
		doc := strings.Replace(validPlan, tc.from, tc.to, 1)
		if doc == validPlan {
			t.Fatalf("replacement %q not applied", tc.from)
		}
		err := ValidatePlan([]byte(doc))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s -> %s: err = %v, want mention of %s", tc.from, tc.to, err, tc.want)
		}
	}
}
