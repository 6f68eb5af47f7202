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
	for _, tc := range schematest.InvalidPlanEdits {
		// CUE's #Plan and the JSON Schema generated from it refuse the same
		// documents; internal/schematest checks the JSON Schema's pointers.
		if err := schema.CheckPlan([]byte(tc.Apply())); err == nil {
			t.Errorf("%s -> %s: accepted, want an error about %s", tc.From, tc.To, tc.Want)
		}
	}
}
