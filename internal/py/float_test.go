package py

import (
	"math"
	"testing"
)

// Expected values are CPython 3.11's repr(float).
func TestFloatRepr(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want string
	}{
		{0, "0.0"}, {math.Copysign(0, -1), "-0.0"}, {1, "1.0"}, {0.1, "0.1"},
		{1e-05, "1e-05"}, {0.0001, "0.0001"}, {1e16, "1e+16"}, {1e15, "1000000000000000.0"},
		{123456789012345678, "1.2345678901234568e+17"}, {1.5e300, "1.5e+300"}, {5e-324, "5e-324"},
		{math.NaN(), "nan"}, {math.Inf(1), "inf"}, {math.Inf(-1), "-inf"},
		{2.5, "2.5"}, {-3.25, "-3.25"}, {1.0 / 3, "0.3333333333333333"}, {100000, "100000.0"},
	} {
		if got := FloatRepr(c.in); got != c.want {
			t.Errorf("FloatRepr(%v) = %s, want %s", c.in, got, c.want)
		}
	}
}
