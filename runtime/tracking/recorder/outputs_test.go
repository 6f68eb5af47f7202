package recorder

import (
	"math"
	"strings"
	"testing"
)

func TestParseMetricFile(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64
		step int64 // -1: none
	}{
		{"0.93\n", 0.93, -1}, {"3", 3, -1}, {"-1e-05", -1e-05, -1}, {`{"value": 2.5, "step": 4}`, 2.5, 4}, {`{"value": 1}`, 1, -1},
	} {
		v, step, err := ParseMetricFile("m", []byte(c.in))
		if err != nil || v != c.want || (c.step < 0) != (step == nil) || (step != nil && *step != c.step) {
			t.Errorf("%q: %v %v %v", c.in, v, step, err)
		}
	}
	if v, _, err := ParseMetricFile("m", []byte("NaN")); err != nil || !math.IsNaN(v) {
		t.Errorf("NaN: %v %v", v, err)
	}
	for _, bad := range []string{"true", `"0.5"`, "{}", "[1]", "high"} {
		if _, _, err := ParseMetricFile("m", []byte(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, _, err := ParseMetricFile("m", []byte("false")); err == nil || !strings.Contains(err.Error(), "boolean") {
		t.Errorf("bool: %v", err)
	}
}

func TestParseMetricHistory(t *testing.T) {
	list, err := ParseMetricHistory("loss", []byte("[0.9, 0.5, Infinity]"), 7)
	if err != nil || len(list) != 3 || list[2].Step != 2 || !math.IsInf(list[2].Value, 1) || list[0].Timestamp != 7 {
		t.Errorf("list: %+v %v", list, err)
	}
	byStep, err := ParseMetricHistory("loss", []byte(`{"10": 0.1, "2": 0.2}`), 7)
	if err != nil || len(byStep) != 2 || byStep[0].Step != 2 || byStep[1].Value != 0.1 {
		t.Errorf("dict: %+v %v", byStep, err)
	}
	hist, err := ParseMetricHistory("loss", []byte(`[{"step": 5, "value": 1.5, "timestamp": 99}]`), 7)
	if err != nil || len(hist) != 1 || hist[0].Step != 5 || hist[0].Timestamp != 99 {
		t.Errorf("history: %+v %v", hist, err)
	}
	if _, err := ParseMetricHistory("loss", []byte(`[true]`), 7); err == nil {
		t.Error("a bool point was accepted")
	}
}

func TestParseMetricsHistory(t *testing.T) {
	ms, err := ParseMetricsHistory("scores", []byte(`{"f1": {"value": 0.8, "step": 1}, "acc": [{"value": 0.5, "step": 0}, {"value": 0.6, "step": 1}]}`), 7)
	if err != nil || len(ms) != 3 || ms[0].Key != "scores.acc" || ms[2].Key != "scores.f1" || ms[2].Step != 1 {
		t.Errorf("%+v %v", ms, err)
	}
	if _, err := ParseMetricsHistory("s", []byte(`{"x": "high"}`), 7); err == nil {
		t.Error("text accepted")
	}
}
