package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"

	"cuelang.org/go/cue"
	"cuelang.org/go/encoding/jsonschema"
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

// ValidatePlan checks a plan's JSON text against PlanJSONSchema. The error
// lists every violation with its JSON pointer.
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
	s, err := Load()
	if err != nil {
		planErr = err
		return
	}
	def := s.Value().LookupPath(cue.ParsePath("#Plan"))
	if err := def.Err(); err != nil {
		planErr = fmt.Errorf("schema: #Plan: %v", err)
		return
	}
	expr, err := jsonschema.Generate(def, &jsonschema.GenerateConfig{Version: jsonschema.VersionDraft2020_12})
	if err != nil {
		planErr = fmt.Errorf("schema: generating the plan's JSON Schema: %v", err)
		return
	}
	raw, err := s.Context().BuildExpr(expr).MarshalJSON()
	if err != nil {
		planErr = fmt.Errorf("schema: encoding the plan's JSON Schema: %v", err)
		return
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		planErr = err
		return
	}
	doc["title"] = "kfc run plan"
	// encoding/json sorts map keys; indentation and no HTML escaping match
	// how kfc prints plans.
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		planErr = err
		return
	}
	planSchema = b.Bytes()

	inst, err := sjs.UnmarshalJSON(bytes.NewReader(planSchema))
	if err != nil {
		planErr = err
		return
	}
	c := sjs.NewCompiler()
	c.DefaultDraft(sjs.Draft2020)
	if err := c.AddResource(planSchemaURL, inst); err != nil {
		planErr = err
		return
	}
	planValidator, planErr = c.Compile(planSchemaURL)
}
