package schema

import (
	"bytes"
	"fmt"
	"sync"

	sjs "github.com/santhosh-tekuri/jsonschema/v6"
)

// planSchemaURL names the plan's JSON Schema inside the validator; it is
// never fetched.
const planSchemaURL = "kfc:plan.schema.json"

var (
	planOnce      sync.Once
	planSchema    []byte
	planValidator *sjs.Schema
	planErr       error
)

// PlanJSONSchema returns the JSON Schema (draft 2020-12) of the run plan,
// generated from #Plan in plan.cue: indented, keys sorted, with a
// trailing newline.
func PlanJSONSchema() ([]byte, error) {
	planOnce.Do(buildPlanSchema)
	return planSchema, planErr
}

// ValidatePlan checks a plan's JSON text against PlanJSONSchema with
// santhosh-tekuri/jsonschema; the error lists every violation with its
// JSON pointer.
func ValidatePlan(data []byte) error {
	planOnce.Do(buildPlanSchema)
	if planErr != nil {
		return planErr
	}
	inst, err := sjs.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("plan is not JSON: %v", err)
	}
	return planValidator.Validate(inst)
}

func buildPlanSchema() {
	planSchema, planErr = definitionJSONSchema("#Plan", "kfc run plan")
	if planErr != nil {
		return
	}
	doc, err := sjs.UnmarshalJSON(bytes.NewReader(planSchema))
	if err != nil {
		planErr = err
		return
	}
	c := sjs.NewCompiler()
	c.DefaultDraft(sjs.Draft2020)
	if err := c.AddResource(planSchemaURL, doc); err != nil {
		planErr = err
		return
	}
	planValidator, planErr = c.Compile(planSchemaURL)
}
