package schematest

import "strings"

// ValidPlan is a minimal plan that fits #Plan and its JSON Schema (hashes
// are zero: schema checks do not verify them), for schema tests.
const ValidPlan = `{
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

// PlanEdit turns ValidPlan into an invalid plan; Want is the JSON pointer
// (or field) the JSON Schema's error must name.
type PlanEdit struct{ From, To, Want string }

// Apply returns ValidPlan with the edit made.
func (e PlanEdit) Apply() string { return strings.Replace(ValidPlan, e.From, e.To, 1) }

// InvalidPlanEdits are plans #Plan and its JSON Schema must both refuse.
var InvalidPlanEdits = []PlanEdit{
	{`"schema_version": "1"`, `"schema_version": "2"`, "/schema_version"},
	{`"env": "local",`, ``, "env"},
	{`"hash": "sha256:0000000000000000000000000000000000000000000000000000000000000000",
  "kfc_version"`, `"hash": "md5:00", "kfc_version"`, "/hash"},
	{`{"argv": ["echo", "hi"]}`, `{"argv": []}`, "/nodes/0/command"},
	{`{"argv": ["echo", "hi"]}`, `{"argv": ["a"], "shell": "b"}`, "/nodes/0/command"},
	{`"resolution": "default"`, `"resolution": "guess"`, "/datasets/a/resolution"},
	{`"selectors": {}`, `"selectors": {"load_versions": {"a": "../x"}}`, "/selectors/load_versions/a"},
	{`"project": {}`, `"project": {"root": "/home/me"}`, "/project"},
}
