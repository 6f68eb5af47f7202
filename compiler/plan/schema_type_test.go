package plan_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/internal/schematest"
)

// TestPlanTypeIsPlanCUE: the Go types plans are encoded from and #Plan in
// schema/plan.cue declare the same fields, the same required ones, the
// same kinds; kfc build also checks every plan it writes against #Plan.
func TestPlanTypeIsPlanCUE(t *testing.T) {
	if d := schematest.GoTypeDiffers(reflect.TypeOf(plan.Plan{}), "#Plan", reflect.TypeOf(plan.RawValue{})); len(d) > 0 {
		t.Errorf("compiler/plan and #Plan differ:\n%s", strings.Join(d, "\n"))
	}
}
