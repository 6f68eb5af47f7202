package catalog

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

func parseYAML(t *testing.T, path, src string) *tree.Node {
	t.Helper()
	var diags diag.List
	n := tree.Parse(path, []byte(src), &diags)
	if diags.Len() > 0 {
		t.Fatalf("parse %s: %v", path, diags.Items())
	}
	return n
}

func build(t *testing.T, catalogYAML, credentialsYAML string) (*Catalog, []string) {
	t.Helper()
	var creds *tree.Node
	if credentialsYAML != "" {
		creds = parseYAML(t, "conf/local/credentials.yml", credentialsYAML)
	}
	var diags diag.List
	c := New(parseYAML(t, "conf/base/catalog.yml", catalogYAML), creds, &diags)
	var out []string
	for _, d := range diags.Items() {
		out = append(out, d.String())
		for _, n := range d.Notes {
			out = append(out, "  "+n.Pos.String()+": note: "+n.Message)
		}
	}
	return c, out
}

// Verified fact 6: an explicit lookup is exact, pattern matching ignores
// case, and captured text keeps the name's case.
func TestResolveCaseRules(t *testing.T) {
	c, diags := build(t, `
raw_explicit:
  type: pandas.CSVDataset
  filepath: data/raw_explicit.csv
"raw_{name}":
  type: pandas.CSVDataset
  filepath: data/{name}.csv
`, "")
	if diags != nil {
		t.Fatal(diags)
	}
	tests := []struct{ name, kind, filepath string }{
		{"raw_explicit", KindExplicit, "data/raw_explicit.csv"},
		{"RAW_EXPLICIT", KindPattern, "data/EXPLICIT.csv"},
		{"Raw_Other", KindPattern, "data/Other.csv"},
		{"something", KindDefault, ""},
	}
	for _, tt := range tests {
		r := c.Resolve(tt.name)
		if r.Kind != tt.kind || r.Err != nil {
			t.Errorf("Resolve(%q) kind %q err %v; want %q", tt.name, r.Kind, r.Err, tt.kind)
			continue
		}
		if tt.kind == KindDefault {
			if got := r.Config.Get("type").Text; got != DefaultType {
				t.Errorf("default type %q", got)
			}
			continue
		}
		fp := r.Config.Get("filepath")
		if fp.Text != tt.filepath {
			t.Errorf("Resolve(%q) filepath %q; want %q", tt.name, fp.Text, tt.filepath)
		}
		if fp.Pos().Line == 0 {
			t.Errorf("Resolve(%q): substituted value lost its position", tt.name)
		}
	}
	if c.Lookup("RAW_EXPLICIT") != nil {
		t.Error("Lookup must be exact")
	}
	// The pattern's own config is untouched by substitution.
	if got := c.Patterns[0].Config.Get("filepath").Text; got != "data/{name}.csv" {
		t.Errorf("pattern config changed: %q", got)
	}
}

func TestResolveOrderAndSubstitution(t *testing.T) {
	c, diags := build(t, `
"{default}":
  type: pickle.PickleDataset
  filepath: data/{default}.pkl
"{namespace}.{name}":
  type: pandas.CSVDataset
  filepath: data/{namespace}/{name}.csv
"{namespace}.int_{name}":
  type: pandas.ParquetDataset
  filepath: data/{namespace}/int/{name}.pq
  load_args: {columns: ["{name}_id", "id"]}
  metadata: {note: "{namespace}"}
`, "")
	if diags != nil {
		t.Fatal(diags)
	}
	var keys []string
	for _, p := range c.Patterns {
		keys = append(keys, p.Key)
	}
	if want := []string{"{namespace}.int_{name}", "{namespace}.{name}"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("ranking %v; want %v", keys, want)
	}
	if c.CatchAll == nil || c.CatchAll.Key != "{default}" {
		t.Fatalf("catch-all %v", c.CatchAll)
	}
	r := c.Resolve("ns.int_cars")
	if r.Kind != KindPattern || r.Pattern.Key != "{namespace}.int_{name}" || r.Err != nil {
		t.Fatalf("%+v", r)
	}
	if got := r.Config.Lookup("load_args", "columns", "0").Text; got != "cars_id" {
		t.Errorf("list item: %q", got)
	}
	if got := r.Config.Lookup("metadata", "note").Text; got != "ns" {
		t.Errorf("nested: %q", got)
	}
	if !reflect.DeepEqual(r.Captures, map[string]string{"namespace": "ns", "name": "cars"}) {
		t.Errorf("captures %v", r.Captures)
	}
	if r := c.Resolve("ns.cars"); r.Pattern == nil || r.Pattern.Key != "{namespace}.{name}" {
		t.Errorf("ns.cars: %+v", r)
	}
	r = c.Resolve("plain")
	if r.Kind != KindCatchAll || r.Config.Get("filepath").Text != "data/plain.pkl" {
		t.Errorf("catch-all: %+v", r)
	}
}

// The order of Kedro's _sort_patterns (its docstring example).
func TestRankingKedroDocstring(t *testing.T) {
	c, _ := build(t, `
"{namespace}.int_{name}{a}": {type: MemoryDataset}
"{namespace}.{name}": {type: MemoryDataset}
"{name}": {type: MemoryDataset}
"{namespace}.ant_{name}{c}": {type: MemoryDataset}
`, "")
	var keys []string
	for _, p := range c.Patterns {
		keys = append(keys, p.Key)
	}
	want := []string{"{namespace}.ant_{name}{c}", "{namespace}.int_{name}{a}", "{namespace}.{name}"}
	if !reflect.DeepEqual(keys, want) || c.CatchAll.Key != "{name}" {
		t.Errorf("got %v + %v; want %v + {name}", keys, c.CatchAll.Key, want)
	}
}

// The corpus' largest pattern set, ranked by Kedro's _sort_patterns key
// (computed with Kedro's own key function on the same file).
func TestRankingEverycure(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "corpus", "kedro", "examples", "everycure-matrix", "conf", "base", "modelling", "catalog.yml"))
	if err != nil {
		t.Skip("corpus not available: ", err)
	}
	c, _ := build(t, string(src), "")
	want := []string{
		"modelling.{shard}.fold_{fold}.{model_name}.reporting.tuning_convergence_plot",
		"modelling.{shard}.fold_{fold}.{model_name}.model_input.transformed_splits",
		"modelling.fold_{fold}.{model_name}.model_input.transformed_splits",
		"modelling.{model_name}.model_output.combined_predictions",
		"modelling.fold_{fold}.{model_name}.model_input.transformers",
		"modelling.fold_{fold}.{model_name}.model_output.predictions",
		"modelling.{shard}.{model_name}.model_input.enriched_splits",
		"modelling.{shard}.fold_{fold}.{model_name}.models.model_params",
		"modelling.{shard}.fold_{fold}.{model_name}.models.model",
		"modelling.fold_{fold}.{model_name}.models.model",
		"modelling.{model_name}.reporting.metrics",
	}
	var keys []string
	for _, p := range c.Patterns {
		keys = append(keys, p.Key)
	}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("ranking:\n%s\nwant:\n%s", strings.Join(keys, "\n"), strings.Join(want, "\n"))
	}
	r := c.Resolve("modelling.fold_2.xgb.models.model")
	if r.Pattern == nil || r.Pattern.Key != "modelling.fold_{fold}.{model_name}.models.model" {
		t.Errorf("resolve: %+v", r)
	}
}

func TestNewDiagnostics(t *testing.T) {
	_, got := build(t, `
not_a_map: data/x.csv
no_type:
  filepath: x.csv
bad_type: {type: .pandas.CSVDataset}
int_type: {type: 3}
x@a@b: {type: MemoryDataset}
creds:
  type: pandas.SQLTableDataset
  credentials: dev_sql
  nested: {credentials: prod_s3, other: {credentials: {inline: map}}}
  listed: [{credentials: not_checked}]
"{a}_{b}":
  type: pandas.CSVDataset
  filepath: "{a}/{nam}.csv"
  credentials: "{a}_creds"
"{x}": {type: MemoryDataset}
"{y}": {type: MemoryDataset}
"{bad:q}_x": {type: MemoryDataset}
"{_u}_y":
  type: text.TextDataset
  filepath: "{_u}.txt"
# Kedro's own check reads "{{x}" here, so doubled braces cannot be used.
"{w}_e": {type: MemoryDataset, metadata: {m: "{{x}}"}}
"{v}_z":
  type: text.TextDataset
  filepath: "{v}}.txt"
`, "dev_s3: {}\n")
	want := []string{
		"conf/base/catalog.yml:2:1: Catalog entry 'not_a_map' is not a valid dataset configuration. Hint: If this catalog entry is intended for variable interpolation, make sure that the key is preceded by an underscore. [catalog.EntryNotMapping]",
		"conf/base/catalog.yml:3:1: An exception occurred when parsing config for dataset 'no_type': 'type' is missing from dataset catalog configuration. [catalog.MissingType]",
		"conf/base/catalog.yml:5:18: 'type' class path does not support relative paths or paths ending with a dot: '.pandas.CSVDataset' [catalog.InvalidType]",
		"conf/base/catalog.yml:6:18: 'type' must be a dataset class path such as pandas.CSVDataset, not an int [catalog.InvalidType]",
		"conf/base/catalog.yml:7:1: Expected maximum 1 transcoding separator, found 2 instead: 'x@a@b'. [catalog.TranscodingSeparator]",
		"conf/base/catalog.yml:10:16: Unable to find credentials 'dev_sql': check your data catalog and credentials configuration (did you mean 'dev_s3'?) [catalog.UnknownCredentials]",
		"conf/base/catalog.yml:11:25: Unable to find credentials 'prod_s3': check your data catalog and credentials configuration [catalog.UnknownCredentials]",
		"conf/base/catalog.yml:13:1: Incorrect dataset configuration provided. Keys used in the configuration {'{nam}'} should present in the dataset pattern name {a}_{b}. [catalog.PlaceholderMissing]",
		"  conf/base/catalog.yml:15:13: note: {nam} is used here",
		"conf/base/catalog.yml:16:16: Unable to find credentials '{a}_creds': check your data catalog and credentials configuration [catalog.UnknownCredentials]",
		"  conf/base/catalog.yml:16:16: note: Kedro looks credentials up before it fills a pattern's placeholders, so the name is taken literally",
		"conf/base/catalog.yml:17:1: Multiple catch-all patterns found in the catalog: {x}, {y}. Only one catch-all pattern is allowed, remove the extras. [catalog.MultipleCatchAll]",
		"  conf/base/catalog.yml:18:1: note: catch-all pattern '{y}'",
		"conf/base/catalog.yml:19:1: dataset pattern '{bad:q}_x': {bad:q}: format spec 'q' not recognised (parse raises ValueError) [catalog.FactorySyntax]",
		"conf/base/catalog.yml:22:13: Kedro cannot fill '{_u}.txt' from the pattern '{_u}_y': str.format_map raises KeyError: '_u' (parse returns {_u} only by position: a placeholder name must start with a letter) [catalog.FactorySyntax]",
		"conf/base/catalog.yml:24:1: Incorrect dataset configuration provided. Keys used in the configuration {'{{x}'} should present in the dataset pattern name {w}_e. [catalog.PlaceholderMissing]",
		"  conf/base/catalog.yml:24:46: note: {{x} is used here",
		"conf/base/catalog.yml:27:13: Kedro cannot fill '{v}}.txt' from the pattern '{v}_z': str.format_map raises Single '}' encountered in format string [catalog.FactorySyntax]",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestNoCredentialsConfigAtAll(t *testing.T) {
	_, got := build(t, "a: {type: pandas.SQLTableDataset, table_name: t, credentials: db}\n", "")
	if len(got) != 1 || !strings.Contains(got[0], "Unable to find credentials 'db'") {
		t.Errorf("got %v", got)
	}
}

func TestNilAndEmpty(t *testing.T) {
	c := New(nil, nil, nil)
	if r := c.Resolve("x"); r.Kind != KindDefault {
		t.Errorf("%+v", r)
	}
}

func TestStripTranscoding(t *testing.T) {
	for _, tt := range []struct{ in, base, suffix, err string }{
		{in: "df", base: "df"},
		{in: "df@spark", base: "df", suffix: "spark"},
		{in: "@x", base: "", suffix: "x"},
		{in: "x@p@q", err: "Expected maximum 1 transcoding separator, found 2 instead: 'x@p@q'."},
	} {
		b, s, err := StripTranscoding(tt.in)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("%q: err %v", tt.in, err)
			}
			continue
		}
		if b != tt.base || s != tt.suffix || err != nil {
			t.Errorf("%q: %q %q %v", tt.in, b, s, err)
		}
	}
}

// An interpolation the loader could not resolve (already reported there)
// is not read as placeholders.
func TestLeftoverInterpolation(t *testing.T) {
	c, diags := build(t, `
"{name}_csv":
  type: pandas.CSVDataset
  filepath: ${globals:paths.raw}/{name}.csv
  metadata: {note: "${oc.env:RUN_NAME,{x}} {name}"}
`, "")
	if diags != nil {
		t.Fatal(diags)
	}
	r := c.Resolve("cars_csv")
	if r.Err != nil || r.Config.Get("filepath").Text != "${globals:paths.raw}/cars.csv" ||
		r.Config.Lookup("metadata", "note").Text != "${oc.env:RUN_NAME,{x}} cars" {
		t.Errorf("%+v %v", r, r.Config.Lookup("metadata", "note").Text)
	}
	_, diags = build(t, `
"{name}_csv":
  type: pandas.CSVDataset
  filepath: ${globals:paths.raw}/{nam}.csv
`, "")
	if len(diags) != 2 || !strings.Contains(diags[0], "{'{nam}'}") {
		t.Errorf("%v", diags)
	}
}
