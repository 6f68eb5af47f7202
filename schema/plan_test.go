package schema_test

import (
	"github.com/kfc-dev/kfc/internal/schematest"
	"github.com/kfc-dev/kfc/schema"
	"strings"
	"testing"
)

func TestPlanJSONSchema(t *testing.T) {
	b, err := schema.PlanJSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"$schema": "https://json-schema.org/draft/2020-12/schema"`, `"title": "kfc run plan"`, `"PlanNode"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("schema lacks %s", want)
		}
	}
	if err := schema.CheckPlan([]byte(schematest.ValidPlan)); err != nil {
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
		doc := strings.Replace(schematest.ValidPlan, tc.from, tc.to, 1)
		if doc == schematest.ValidPlan {
			t.Fatalf("replacement %q not applied", tc.from)
		}
		// CUE's #Plan and the JSON Schema generated from it refuse the same
		// documents; internal/schematest checks the JSON Schema's pointers.
		if err := schema.CheckPlan([]byte(doc)); err == nil {
			t.Errorf("%s -> %s: accepted, want an error about %s", tc.from, tc.to, tc.want)
		}
	}
}
