package catalog

import (
	"reflect"
	"testing"
)

// Expected results were produced by parse 1.21 (`parse.parse(pattern,
// name)`, Kedro's call) and copied here; "fails" means parse raised.
func TestMatchLikeParse(t *testing.T) {
	type m = map[string]string
	tests := []struct {
		pattern, name string
		want          m    // nil: no match
		fails         bool // parse raises (kfc reports factory-syntax)
		unsupported   bool // parse matches, kfc declines to evaluate
	}{
		{pattern: "{name}_csv", name: "companies_csv", want: m{"name": "companies"}},
		// Case: matching ignores case, captures keep the name's case.
		{pattern: "{name}_csv", name: "COMPANIES_CSV", want: m{"name": "COMPANIES"}},
		{pattern: "raw_{name}", name: "RAW_EXPLICIT", want: m{"name": "EXPLICIT"}},
		{pattern: "{namespace}.int_{name}", name: "data.INT_Customers", want: m{"namespace": "data", "name": "Customers"}},
		// A placeholder captures at least one character.
		{pattern: "raw_{name}", name: "raw_"},
		// Lazy: each placeholder takes the shortest text that lets the rest match.
		{pattern: "{a}_{b}", name: "x_y_z", want: m{"a": "x", "b": "y_z"}},
		{pattern: "{a}{b}", name: "xyz", want: m{"a": "x", "b": "yz"}},
		// Dots are ordinary characters.
		{pattern: "{a}.{b}", name: "ns.sub.table", want: m{"a": "ns", "b": "sub.table"}},
		{pattern: "{namespace}.int_{name}", name: "data.int_customers", want: m{"namespace": "data", "name": "customers"}},
		{pattern: "{namespace}.int_{name}", name: "a.b.int_c.int_d", want: m{"namespace": "a.b", "name": "c.int_d"}},
		// everycure-matrix patterns.
		{pattern: "modelling.fold_{fold}.{model_name}.model_input.transformers", name: "modelling.fold_3.xgb.model_input.transformers", want: m{"fold": "3", "model_name": "xgb"}},
		{pattern: "modelling.{shard}.fold_{fold}.{model_name}.models.model", name: "modelling.shard_1.fold_2.xg_ensemble.models.model", want: m{"shard": "shard_1", "fold": "2", "model_name": "xg_ensemble"}},
		{pattern: "modelling.fold_{fold}.{model_name}.models.model", name: "modelling.shard_1.fold_2.xg_ensemble.models.model"},
		// A repeated placeholder must match the same text again (ignoring case).
		{pattern: "{x}_{x}", name: "ab_AB", want: m{"x": "ab"}},
		{pattern: "{x}_{x}", name: "ab_ac"},
		// Typed placeholders.
		{pattern: "{x:d}_a", name: "007_a", want: m{"x": "7"}},
		{pattern: "{x:d}_a", name: "-0x1f_a", want: m{"x": "-31"}},
		{pattern: "{x:d}_a", name: "x_a"},
		{pattern: "{x:w}", name: "ab.c"},
		{pattern: "{x:w}.{y}", name: "ab.c.d", want: m{"x": "ab", "y": "c.d"}},
		{pattern: "{x:l}_{y}", name: "abc_1", want: m{"x": "abc", "y": "1"}},
		{pattern: "{x}_{y:d}", name: "a_1_2", want: m{"x": "a_1", "y": "2"}},
		// Width, precision and alignment.
		{pattern: "{x:>5}", name: "   ab", want: m{"x": "   ab"}},
		{pattern: "{x:.2}", name: "abc"},
		{pattern: "{x:.2}{y}", name: "abc", want: m{"x": "a", "y": "bc"}},
		{pattern: "{x:3}", name: "ab"},
		{pattern: "{x:3}{y}", name: "abcdef", want: m{"x": "abc", "y": "def"}},
		{pattern: "{x:^}_", name: "a_", want: m{"x": "a"}},
		// Names parse keeps, and anonymous fields it returns only by position.
		{pattern: "{a-b}", name: "q", want: m{"a-b": "q"}},
		{pattern: "{a.b}", name: "q", want: m{"a.b": "q"}},
		{pattern: "{_a}", name: "q", want: m{}},
		{pattern: "{}_x", name: "q_x", want: m{}},
		{pattern: "{0}_x", name: "q_x", want: m{}},
		// Doubled braces are literal braces.
		{pattern: "{x}{{y}}", name: "a{y}", want: m{"x": "a"}},
		{pattern: "{x}@spark", name: "df@spark", want: m{"x": "df"}},
		{pattern: "{x}@spark", name: "df@pandas"},
		// Unicode case folding (simple folding, as Python's re).
		{pattern: "Straße_{x}", name: "STRASSE_1"},
		{pattern: "straße_{x}", name: "STRAẞE_1", want: m{"x": "1"}},
		{pattern: "{x}_K", name: "y_\u212a", want: m{"x": "y"}},
		// `.` matches a newline (re.DOTALL).
		{pattern: "{x}.csv", name: "a\nb.csv", want: m{"x": "a\nb"}},
		// parse raises.
		{pattern: "{a}{b c}", name: "xy", fails: true},
		{pattern: "{x:q}", name: "q", fails: true},
		{pattern: "{x:3.2}", name: "abc", fails: true},
		// parse reads `{1,2}` as a regex repetition: kfc declines.
		{pattern: "x{1,2}", name: "xx", unsupported: true},
	}
	for _, tt := range tests {
		prog, problems := compile(tt.pattern)
		if tt.fails || tt.unsupported {
			want := Fatal
			if tt.unsupported {
				want = Unsupported
			}
			if prog != nil || len(problems) == 0 || problems[0].Kind != want {
				t.Errorf("compile(%q) = %v, %+v; want kind %d", tt.pattern, prog != nil, problems, want)
			}
			continue
		}
		got, ok := Match(tt.pattern, tt.name)
		if (tt.want != nil) != ok || (ok && !reflect.DeepEqual(got, tt.want)) {
			t.Errorf("Match(%q, %q) = %v, %v; want %v", tt.pattern, tt.name, got, ok, tt.want)
		}
	}
}

func TestFields(t *testing.T) {
	got := Fields("{a}_{{b}}_{c:d}{_x}{}")
	want := []Field{
		{Text: "{a}", Name: "a", Named: true},
		{Text: "{c:d}", Name: "c", Spec: "d", Named: true},
		{Text: "{_x}", Name: "_x"},
		{Text: "{}"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Fields = %+v\nwant %+v", got, want)
	}
}

func TestBacktrackingIsPolynomial(t *testing.T) {
	// Without memoisation this is exponential in the number of placeholders.
	name := ""
	for i := 0; i < 200; i++ {
		name += "a_"
	}
	if _, ok := Match("{a}_{b}_{c}_{d}_{e}_{f}_zzz", name); ok {
		t.Fatal("unexpected match")
	}
}

func TestBackreferenceBudget(t *testing.T) {
	name := ""
	for i := 0; i < 300; i++ {
		name += "ab"
	}
	prog, _ := compile("{a}{b}{c}{d}{e}{a}x")
	if _, ok, err := prog.captures(name); !ok || err != errTooComplex {
		t.Errorf("got ok=%v err=%v; want the budget error", ok, err)
	}
}
