package sqlstore

import (
	"testing"

	"github.com/kfc-dev/kfc/runtime/tracking/internal/storetest"
)

func TestScenario(t *testing.T) {
	s, _ := openTemp(t)
	w := storetest.Scenario(t, s)
	storetest.CheckKfc(t, s, w)
	storetest.CheckRefusals(t, s, w,
		"Changing param values is not allowed. Params were already logged='[{'key': 'p', 'old_value': '1', 'new_value': '2'}]' for run ID='RUNID'.")
}

// TestMLflowReadsKfcDatabase: MLflow's own SqlAlchemyStore opens a database
// kfc created and wrote, and reads back every value.
func TestMLflowReadsKfcDatabase(t *testing.T) {
	storetest.RequireReader(t)
	s, path := openTemp(t)
	w := storetest.Scenario(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	storetest.CheckMLflow(t, "sqlite:///"+path, w)
}
