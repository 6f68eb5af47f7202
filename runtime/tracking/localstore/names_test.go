package localstore

import (
	"strings"
	"testing"
)

// The id checks keep MLflow's bounds: _RUN_ID_REGEX allows 256 characters,
// _EXPERIMENT_ID_REGEX 64, counted in characters, not bytes.
func TestValidateIDs(t *testing.T) {
	for _, c := range []struct {
		id   string
		max  int
		want bool
	}{
		{"a", 256, true},
		{strings.Repeat("a", 256), 256, true},
		{strings.Repeat("a", 257), 256, false},
		{strings.Repeat("é", 256), 256, true}, // 512 bytes, 256 characters
		{strings.Repeat("é", 257), 256, false},
		{strings.Repeat("7", 64), 64, true},
		{strings.Repeat("7", 65), 64, false},
		{"", 256, false},
		{"-a", 256, false},
		{"a-b_c", 256, true},
		{"a.b", 256, false},
		{"a\n", 256, false},
		{"a\xff", 256, false},
	} {
		var err error
		if c.max == 256 {
			err = ValidateRunID(c.id)
		} else {
			err = ValidateExperimentID(c.id)
		}
		if (err == nil) != c.want {
			t.Errorf("id %q (max %d): error %v, want valid=%v", c.id, c.max, err, c.want)
		}
	}
}
