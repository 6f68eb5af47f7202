package schematest

import (
	"strings"
	"testing"
)

func TestValidatePlan(t *testing.T) {
	if err := ValidatePlan([]byte(ValidPlan)); err != nil {
		t.Fatalf("valid plan rejected: %v", err)
	}
	for _, tc := range InvalidPlanEdits {
		doc := tc.Apply()
		if doc == ValidPlan {
			t.Fatalf("replacement %q not applied", tc.From)
		}
		err := ValidatePlan([]byte(doc))
		if err == nil || !strings.Contains(err.Error(), tc.Want) {
			t.Errorf("%s -> %s: err = %v, want mention of %s", tc.From, tc.To, err, tc.Want)
		}
	}
}
