package schema

import (
	"crypto/sha256"
	"fmt"
	"strings"
	"sync"

	"cuelang.org/go/cue"
	cuejson "cuelang.org/go/encoding/json"

	"github.com/kfc-dev/kfc/internal/pool"
)

var (
	planOnce   sync.Once
	planSchema []byte
	planErr    error
)

// PlanJSONSchema returns the JSON Schema (draft 2020-12) of the run plan,
// generated from #Plan in plan.cue: indented, keys sorted, with a
// trailing newline.
func PlanJSONSchema() ([]byte, error) {
	planOnce.Do(func() { planSchema, planErr = definitionJSONSchema("#Plan", "kfc run plan") })
	return planSchema, planErr
}

// CheckPlan checks a plan's JSON text against #Plan, the CUE definition
// its JSON Schema is generated from. A plan that fits is passed by #Plan
// compiled into a Go check (jsonshape.go), in one scan; one that does not
// is unified with #Plan in CUE, whose errors are the message. (The tests
// also validate plans against the generated JSON Schema with
// santhosh-tekuri/jsonschema, in internal/schematest; the binary does
// without that library's start-up.) The error is an *InternalError when
// the check itself failed, kfc's bug rather than the plan's.
func CheckPlan(data []byte) error {
	s, err := Load()
	if err != nil {
		return &InternalError{Err: err}
	}
	sh, err := s.planShape()
	if err != nil {
		return &InternalError{Err: err}
	}
	v := s.check(sh, data)
	if v == fits {
		return nil
	}
	err = s.unifyPlan(data)
	if err == nil && v == misfits {
		return &InternalError{Err: fmt.Errorf("schema: #Plan compiled to Go refuses a plan that CUE accepts")}
	}
	return err
}

// WarmPlanCheck compiles the schemas and #Plan's Go check in the
// background, for a command that builds a plan and then checks it
// (CheckPlan waits for it): the compilation, about 20 ms of CPU of which
// #Plan's check is half, then overlaps the project's load and build
// instead of following them.
func WarmPlanCheck() {
	pool.Go(func() {
		if s, err := Load(); err == nil {
			_, _ = s.planShape()
		}
	})
}

// planShape is #Plan compiled to a jsonShape, once per Schemas.
func (s *Schemas) planShape() (*jsonShape, error) {
	s.planOnce.Do(func() { s.plan, s.planErr = s.compileShape("#Plan") })
	return s.plan, s.planErr
}

// unifyPlan unifies a plan's JSON text with #Plan in CUE.
func (s *Schemas) unifyPlan(data []byte) error {
	expr, err := cuejson.Extract("plan.json", data)
	if err != nil {
		return fmt.Errorf("plan is not JSON: %v", err)
	}
	v := s.Context().BuildExpr(expr)
	if err := v.Err(); err != nil {
		return err
	}
	u := s.Value().LookupPath(cue.ParsePath("#Plan")).Unify(v)
	if err := u.Validate(cue.Concrete(true)); err != nil {
		return fmt.Errorf("%s", strings.Join(readableErrors("plan.json", err, v), "; "))
	}
	return nil
}

// Digest is a sha256 over the embedded schema sources: what a remembered
// CheckPlan result depends on besides the plan's bytes.
func Digest() ([]byte, error) {
	files, err := embeddedSources()
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%s\x00%d\x00", f.name, len(f.src))
		h.Write(f.src)
	}
	return h.Sum(nil), nil
}
