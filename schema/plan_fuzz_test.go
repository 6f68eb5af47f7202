package schema_test

import (
	"encoding/json"
	"testing"

	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/internal/schematest"
	"github.com/kfc-dev/kfc/schema"
)

// FuzzPlanVerdict: #Plan compiled to Go (the check every plan file and
// every built plan gets) says what CUE says of the same text, whenever it
// gives a verdict; and a plan it passes decodes (kfc exec PLAN.json
// trusts that). Seeds: the two plans TestPlanShapeAgreesWithCUE edits, and
// testdata/fuzz/FuzzPlanVerdict.
func FuzzPlanVerdict(f *testing.F) {
	f.Add([]byte(schematest.ValidPlan))
	f.Add([]byte(richPlan))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := schema.PlanVerdict(b)
		if err != nil {
			t.Fatal(err)
		}
		if got == schema.Unsure {
			return // CUE decides, and its message is the error
		}
		want := schema.UnifyPlan(b)
		if (got == schema.Fits) != (want == nil) {
			t.Fatalf("Go verdict %v, CUE: %v", got, want)
		}
		if got == schema.Fits {
			p, err := plan.Decode(b)
			if err != nil {
				t.Fatalf("fits #Plan but does not decode: %v", err)
			}
			_ = p.Verify() // a wrong hash is an error, never a panic
		}
	})
}

// FuzzPlanEdits is TestPlanShapeAgreesWithCUE's single edits with a value
// the fuzzer chooses (a string, and the JSON it spells when it spells
// one): at any place of a valid plan, the Go check and CUE agree, and the
// Go check is never unsure of what encoding/json writes.
func FuzzPlanEdits(f *testing.F) {
	docs := []string{schematest.ValidPlan, richPlan}
	roots := make([]any, len(docs))
	for i, d := range docs {
		if err := json.Unmarshal([]byte(d), &roots[i]); err != nil {
			f.Fatal(err)
		}
	}
	for _, v := range []string{"x", zeroHash, "sha256:" + zeroHash[7:39], "node.a", "dataset.", "{}", "[]", "1e3", "-0", `"s"`, "null", "..", "a/../b", "\u0000", "<>"} {
		f.Add(uint8(0), uint32(len(v)*7919), v)
		f.Add(uint8(1), uint32(len(v)*104729), v)
	}
	f.Fuzz(func(t *testing.T, doc uint8, pick uint32, value string) {
		probes := []any{value}
		var parsed any
		if json.Unmarshal([]byte(value), &parsed) == nil {
			probes = append(probes, parsed)
		}
		es := edits(roots[int(doc)%len(roots)], probes)
		e := es[int(pick%uint32(len(es)))]
		b, err := json.Marshal(e.doc)
		if err != nil {
			t.Fatal(err)
		}
		got, err := schema.PlanVerdict(b)
		if err != nil {
			t.Fatal(err)
		}
		want := schema.UnifyPlan(b)
		if got == schema.Unsure || (got == schema.Fits) != (want == nil) {
			t.Fatalf("%s: Go verdict %v, CUE: %v", e.what, got, want)
		}
	})
}
