package tracking

import (
	"math"
	"strings"
	"testing"
)

func TestValidateKey(t *testing.T) {
	for _, ok := range []string{"alpha", "a/b", "a.b-c d:e", "é_ß1", strings.Repeat("k", 250)} {
		if err := ValidateKey("param", ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "a*b", "../x", "/x", "a//b", "a/./b", ".", "x/", strings.Repeat("k", 251)} {
		if err := ValidateKey("param", bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestValidateValues(t *testing.T) {
	long := strings.Repeat("é", 6001) // code points, not bytes
	if _, _, err := ValidateParam("p", long, false); err == nil || !strings.Contains(err.Error(), `param "p": value is 6001 characters long; MLflow allows at most 6000`) {
		t.Errorf("long param: %v", err)
	}
	if v, tr, err := ValidateParam("p", long, true); err != nil || !tr || len([]rune(v)) != 6000 {
		t.Errorf("truncate: %v %v", tr, err)
	}
	if _, _, err := ValidateParam("p", strings.Repeat("é", 6000), false); err != nil {
		t.Errorf("6000 code points fit: %v", err)
	}
	if _, _, err := ValidateTag("t", strings.Repeat("x", 8001), false); err == nil {
		t.Error("tag over 8000 accepted")
	}
}

func TestParseMetricValue(t *testing.T) {
	for in, want := range map[string]float64{"1": 1, "0.5": 0.5, "1e-05": 1e-05, "-2.5E3": -2500, ".5": 0.5, "1_000": 1000, "inf": math.Inf(1), "-Infinity": math.Inf(-1), " 7\n": 7, "1e999": math.Inf(1)} {
		if got, err := ParseMetricValue("m", in); err != nil || got != want {
			t.Errorf("%q: %v %v", in, got, err)
		}
	}
	if v, err := ParseMetricValue("m", "nan"); err != nil || !math.IsNaN(v) {
		t.Errorf("nan: %v", err)
	}
	for _, bad := range []string{"True", "false", "abc", "", "1,5", "0x10", "0x1p3", "1_", "1__0"} {
		if _, err := ParseMetricValue("m", bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestSplitBatches(t *testing.T) {
	ms := make([]Metric, 1500)
	ps := make([]Param, 150)
	b := SplitBatches(ms, ps, nil)
	if len(b) != 2 || len(b[0].Params) != 100 || len(b[0].Metrics) != 900 || len(b[1].Params) != 50 || len(b[1].Metrics) != 600 {
		t.Errorf("%d batches: %d/%d, %d/%d", len(b), len(b[0].Params), len(b[0].Metrics), len(b[1].Params), len(b[1].Metrics))
	}
	if len(SplitBatches(nil, nil, nil)) != 0 {
		t.Error("nothing to send is no request")
	}
}
