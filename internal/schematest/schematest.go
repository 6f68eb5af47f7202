// Package schematest validates documents against kfc's generated JSON
// Schemas with santhosh-tekuri/jsonschema, for tests: every plan a test
// produces is checked against the published schema, not only against CUE.
package schematest

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/kfc-dev/kfc/schema"
	sjs "github.com/santhosh-tekuri/jsonschema/v6"
)

const planURL = "kfc:plan.schema.json"

var (
	once      sync.Once
	validator *sjs.Schema
	initErr   error
)

// ValidatePlan checks a plan's JSON text against `kfc schema plan`; the
// error lists every violation with its JSON pointer.
func ValidatePlan(data []byte) error {
	once.Do(func() {
		js, err := schema.PlanJSONSchema()
		if err != nil {
			initErr = err
			return
		}
		doc, err := sjs.UnmarshalJSON(bytes.NewReader(js))
		if err != nil {
			initErr = err
			return
		}
		c := sjs.NewCompiler()
		c.DefaultDraft(sjs.Draft2020)
		if err := c.AddResource(planURL, doc); err != nil {
			initErr = err
			return
		}
		validator, initErr = c.Compile(planURL)
	})
	if initErr != nil {
		return initErr
	}
	inst, err := sjs.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("plan is not JSON: %v", err)
	}
	return validator.Validate(inst)
}

const manifestURL = "kfc:manifest.schema.json"

var (
	manifestOnce      sync.Once
	manifestValidator *sjs.Schema
	manifestErr       error
)

// ValidateManifest checks a run manifest's JSON text against `kfc schema
// manifest`; the error lists every violation with its JSON pointer.
func ValidateManifest(data []byte) error {
	manifestOnce.Do(func() {
		js, err := schema.ManifestJSONSchema()
		if err != nil {
			manifestErr = err
			return
		}
		doc, err := sjs.UnmarshalJSON(bytes.NewReader(js))
		if err != nil {
			manifestErr = err
			return
		}
		c := sjs.NewCompiler()
		c.DefaultDraft(sjs.Draft2020)
		if err := c.AddResource(manifestURL, doc); err != nil {
			manifestErr = err
			return
		}
		manifestValidator, manifestErr = c.Compile(manifestURL)
	})
	if manifestErr != nil {
		return manifestErr
	}
	inst, err := sjs.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("manifest is not JSON: %v", err)
	}
	return manifestValidator.Validate(inst)
}
