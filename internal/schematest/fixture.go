package schematest

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
