package schema

// Hooks for the external tests (package schema_test), which may import
// internal/schematest.

const (
	Fits    = fits
	Misfits = misfits
	Unsure  = unsure
)

// PlanVerdict is what #Plan compiled to Go says of data.
func PlanVerdict(data []byte) (verdict, error) {
	s, err := Load()
	if err != nil {
		return 0, err
	}
	sh, err := s.planShape()
	if err != nil {
		return 0, err
	}
	return s.check(sh, data), nil
}

// UnifyPlan unifies data with #Plan in CUE.
func UnifyPlan(data []byte) error {
	s, err := Load()
	if err != nil {
		return err
	}
	return s.unifyPlan(data)
}
