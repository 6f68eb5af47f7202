package interp

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// resolveYAML parses src as conf/base/x.yml, resolves it and returns the
// result as Python JSON and the findings as "line:col severity rule: message".
func resolveYAML(t testing.TB, src string, opts Options) (string, []string) {
	t.Helper()
	var d diag.List
	root := tree.Parse("conf/base/x.yml", []byte(src), &d)
	if d.Len() > 0 {
		t.Fatalf("YAML: %v", d.Items())
	}
	out := Resolve(root, opts, &d)
	var got []string
	for _, it := range d.Items() {
		got = append(got, fmt.Sprintf("%d:%d %s: %s", it.Pos.Line, it.Pos.Col, it.Code, it.Message))
	}
	return pyJSON(out), got
}

func fakeEnv(vars map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
}

// Kedro's side of the semantics (which resolvers exist where, globals,
// runtime params) follows kedro/config/omegaconf_config.py at d58a0b1; the
// grammar-level results are covered by TestAgainstOmegaConf.
func TestResolveKedro(t *testing.T) {
	globals := mustParse(t, "bucket: s3://b\npaths: {raw: data/01_raw}\n_hidden: 1\n")
	params := mustParse(t, "run: {date: '2024-01-01'}\n")
	catalog := Options{Key: "catalog", Globals: globals}
	tests := []struct {
		name  string
		opts  Options
		src   string
		want  string
		diags []string
	}{{
		name: "absolute, relative and typed",
		opts: catalog,
		src:  "_folder: data\nx:\n  path: ${_folder}/x.csv\n  n: 3\n  m: ${.n}\ny: ${x}\n",
		want: `{"_folder": "data", "x": {"path": "data/x.csv", "n": 3, "m": 3}, "y": {"path": "data/x.csv", "n": 3, "m": 3}}`,
	}, {
		name:  "missing key with did-you-mean, column of the ${",
		opts:  catalog,
		src:   "a: {b: 1}\nx: pre ${a.c}\n",
		want:  `{"a": {"b": 1}, "x": "pre ${a.c}"}`,
		diags: []string{"2:8 interp.MissingKey: interpolation key 'a.c' not found (did you mean 'a.b'?)"},
	}, {
		name:  "quoted scalar: the node's position",
		opts:  catalog,
		src:   "x: \"pre ${nope}\"\n",
		want:  `{"x": "pre ${nope}"}`,
		diags: []string{"1:4 interp.MissingKey: interpolation key 'nope' not found"},
	}, {
		name:  "sibling key written without the dot",
		opts:  catalog,
		src:   "e:\n  folder: data\n  path: ${folder}/x\n",
		want:  `{"e": {"folder": "data", "path": "${folder}/x"}}`,
		diags: []string{"3:9 interp.MissingKey: interpolation key 'folder' not found (did you mean '.folder'?)"},
	}, {
		name: "globals with path and default",
		opts: catalog,
		src:  "x: ${globals:bucket}/${globals:paths.raw}\ny: ${globals:nope, 5}\nz: ${globals:paths}\n",
		want: `{"x": "s3://b/data/01_raw", "y": 5, "z": {"raw": "data/01_raw"}}`,
	}, {
		name:  "globals missing",
		opts:  catalog,
		src:   "x: ${globals:buckt}\n",
		want:  `{"x": "${globals:buckt}"}`,
		diags: []string{"1:4 interp.GlobalsMissingKey: globals key 'buckt' not found and no default value provided (did you mean 'bucket'?)"},
	}, {
		name:  "globals private key",
		opts:  catalog,
		src:   "x: ${globals:_hidden, 1}\n",
		want:  `{"x": "${globals:_hidden, 1}"}`,
		diags: []string{"1:4 interp.GlobalsPrivateKey: globals key '_hidden' starts with '_', which Kedro does not support"},
	}, {
		name: "inside globals",
		opts: Options{Key: "globals"},
		src:  "a: ${runtime_params:x, 1}\nb: ${globals:a}\n",
		want: `{"a": "${runtime_params:x, 1}", "b": "${globals:a}"}`,
		diags: []string{
			"1:4 interp.RuntimeParamsInGlobals: the runtime_params: resolver is not supported in globals",
			"2:4 interp.GlobalsInGlobals: the globals: resolver cannot be used inside globals itself",
		},
	}, {
		name: "runtime params",
		opts: Options{Key: "parameters", RuntimeParams: params},
		src:  "d: ${runtime_params:run.date}\ne: ${runtime_params:x, 0.5}\n",
		want: `{"d": "2024-01-01", "e": 0.5}`,
	}, {
		name:  "runtime param missing with --params",
		opts:  Options{Key: "parameters", RuntimeParams: params},
		src:   "d: ${runtime_params:run.dat}\n",
		want:  `{"d": "${runtime_params:run.dat}"}`,
		diags: []string{"1:4 interp.RuntimeParamsMissingKey: runtime parameter 'run.dat' not found and no default value provided"},
	}, {
		name:  "runtime param missing without --params",
		opts:  Options{Key: "parameters"},
		src:   "d: ${runtime_params:run.date}\ne: x${d}\n",
		want:  `{"d": "${runtime_params:run.date}", "e": "x${d}"}`,
		diags: []string{"1:4 interp.RuntimeParamsNotGiven: runtime parameter 'run.date' not found and no default value provided (no --params given)"},
	}, {
		name:  "oc.env outside credentials",
		opts:  catalog,
		src:   "x: ${oc.env:HOME}\n",
		want:  `{"x": "${oc.env:HOME}"}`,
		diags: []string{"1:4 interp.EnvOutsideCredentials: oc.env is only available in credentials, not in catalog (Kedro refuses it); to allow it, register the resolver: add \"custom_resolvers\": {\"oc.env\": oc.env} to CONFIG_LOADER_ARGS in settings.py, with from omegaconf.resolvers import oc"},
	}, {
		name: "oc.env in credentials",
		opts: Options{Key: "credentials", AllowEnv: true, Getenv: fakeEnv(map[string]string{"USER_X": "ada"})},
		src:  "c:\n  user: ${oc.env:USER_X}\n  port: ${oc.env:PORT_X, 5432}\n  pw: ${oc.env:PW_X}\n",
		want: `{"c": {"user": "ada", "port": "5432", "pw": "${oc.env:PW_X}"}}`,
		diags: []string{
			"4:7 interp.EnvUnset: environment variable 'PW_X' is not set and oc.env has no default",
		},
	}, {
		name: "custom resolver left as written, dependents too, silently",
		opts: Options{Key: "parameters", CustomResolvers: map[string]bool{"merge": true, "oc.env": true}},
		src:  "a: ${merge:${b}, 2}\nb: 1\nc: ${a}\nd: ${oc.env:X}\n",
		want: `{"a": "${merge:${b}, 2}", "b": 1, "c": "${a}", "d": "${oc.env:X}"}`,
		diags: []string{
			"1:4 interp.CustomResolver: custom resolver 'merge' is not evaluated by kfc; the value is left as written",
			"4:4 interp.CustomResolver: custom resolver 'oc.env' is not evaluated by kfc; the value is left as written",
		},
	}, {
		name:  "unknown resolver",
		opts:  Options{Key: "parameters", CustomResolvers: map[string]bool{"merge": true}},
		src:   "a: ${oc.selct:b}\nb: ${merg:1}\n",
		want:  `{"a": "${oc.selct:b}", "b": "${merg:1}"}`,
		diags: []string{"1:4 interp.UnknownResolver: unknown resolver 'oc.selct' (did you mean 'oc.select'?)", "2:4 interp.UnknownResolver: unknown resolver 'merg' (did you mean 'merge'?)"},
	}, {
		name:  "cycle reported once",
		opts:  catalog,
		src:   "a: ${b}\nb: x${c}\nc: ${a}\n",
		want:  `{"a": "${b}", "b": "x${c}", "c": "${a}"}`,
		diags: []string{"1:4 interp.Cycle: interpolation cycle: a -> b -> c -> a"},
	}, {
		name:  "copy cycle",
		opts:  catalog,
		src:   "a:\n  x: ${c}\nc:\n  y: ${a}\n",
		want:  `{"a": {"x": {"y": "${a}"}}, "c": {"y": {"x": "${c}"}}}`,
		diags: []string{"2:6 interp.Cycle: interpolation cycle: a.x -> c -> c.y -> a"},
	}, {
		name:  "key interpolation must give a string",
		opts:  catalog,
		src:   "n: 0\nl: [5]\nx: ${l.${n}}\n",
		want:  `{"n": 0, "l": [5], "x": "${l.${n}}"}`,
		diags: []string{"3:8 interp.KeyType: interpolation '${n}' is used as a key but gives an int, not a string"},
	}, {
		name:  "syntax error at the offending character",
		opts:  catalog,
		src:   "x: a ${b c}\n",
		want:  `{"x": "a ${b c}"}`,
		diags: []string{"1:9 interp.Syntax: invalid interpolation 'a ${b c}': unexpected space"},
	}, {
		name:  "resolver arguments",
		opts:  catalog,
		src:   "x: ${oc.select:a, b, c}\ny: ${oc.decode:1}\n",
		want:  `{"x": "${oc.select:a, b, c}", "y": "${oc.decode:1}"}`,
		diags: []string{"1:4 interp.ResolverArguments: oc.select takes 1 or 2 arguments, got 3", "2:4 interp.ResolverArguments: oc.decode needs a string, got an int"},
	}, {
		name: "keys and non-strings untouched, escapes kept literal",
		opts: catalog,
		src:  "${a}: 1\nn: 2\nb: '\\${n}'\nc: [true, 1.5, null]\n",
		want: `{"${a}": 1, "n": 2, "b": "${n}", "c": [true, 1.5, null]}`,
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, diags := resolveYAML(t, tc.src, tc.opts)
			if got != tc.want {
				t.Errorf("value\n got  %s\n want %s", got, tc.want)
			}
			if strings.Join(diags, "\n") != strings.Join(tc.diags, "\n") {
				t.Errorf("findings\n got  %q\n want %q", diags, tc.diags)
			}
		})
	}
}

// Values read from the environment must never reach a message.
func TestSecretsStayOutOfMessages(t *testing.T) {
	const secret = "hunter2-xyz"
	opts := Options{Key: "credentials", AllowEnv: true, Globals: mustParse(t, "a: 1\n"),
		Getenv: fakeEnv(map[string]string{"SECRET": secret, "BAD": "[" + secret})}
	src := strings.Join([]string{
		"a: {b: 1}",
		"k1: ${a.${oc.env:SECRET}}",
		"k2: ${oc.decode:${oc.env:BAD}}",
		"k3: ${globals:${oc.env:SECRET}}",
		"k4: ${oc.select:..${oc.env:SECRET}}",
		"k5: ${oc.dict.keys:${oc.env:SECRET}}",
		"k6: ${oc.env:${oc.env:SECRET}}",
		"k7: ${${oc.env:SECRET}:x}",
		"k8: ${runtime_params:${oc.env:SECRET}}",
		"k9: ${oc.decode:'${oc.env:BAD}'}",
	}, "\n") + "\n"
	got, diags := resolveYAML(t, src, opts)
	if len(diags) < 9 {
		t.Errorf("expected a finding per key, got %q", diags)
	}
	for _, d := range diags {
		if strings.Contains(d, "hunter2") {
			t.Errorf("secret in message: %s", d)
		}
	}
	_ = got
}

func TestResolvedPositions(t *testing.T) {
	var d diag.List
	root := tree.Parse("x.yml", []byte("_t:\n  type: pandas.CSVDataset\n  n: 1\nds: ${_t}\nv: ${_t.n}\ns: a${_t.n}\n"), &d)
	before := pyJSON(root)
	out := Resolve(root, Options{Key: "catalog"}, &d)
	if pyJSON(root) != before || root.Get("ds").Kind != tree.String {
		t.Fatal("Resolve changed its input")
	}
	ds := out.Get("ds")
	if ds.Pos().Line != 4 || ds.Pos().Col != 5 || ds.Get("type").Pos().Line != 2 {
		t.Errorf("copied mapping: at %v, its type at %v; want 4:5 and line 2", ds.Pos(), ds.Get("type").Pos())
	}
	if v := out.Get("v"); v.Kind != tree.Int || v.Pos().Line != 5 {
		t.Errorf("v = %+v, want an int at line 5", v)
	}
	if s := out.Get("s"); s.Kind != tree.String || s.Text != "a1" || !s.Quoted {
		t.Errorf("s = %+v", s)
	}
	if Resolve(nil, Options{}, &d) != nil {
		t.Error("nil root")
	}
}

func TestHas(t *testing.T) {
	for s, want := range map[string]bool{
		"":            false,
		"plain":       false,
		"${a}":        true,
		"x ${a.b} y":  true,
		`\${a}`:       false,
		`\\${a}`:      true,
		`\\\${a}`:     false,
		`\${a}${b}`:   true,
		"$ {a}":       false,
		"${":          true,
		"a$b{c}":      false,
		`C:\dir\${x}`: false,
	} {
		if Has(s) != want {
			t.Errorf("Has(%q) = %v, want %v", s, !want, want)
		}
	}
}

// Hostile input ends with a finding, quickly.
func TestLimits(t *testing.T) {
	var chain, fan, dbl strings.Builder
	for i := range 2*maxChain + 10 {
		fmt.Fprintf(&chain, "a%d: ${a%d}\n", i, i+1)
	}
	chain.WriteString("end: 1\n")
	fan.WriteString("l0: [1, 2, 3, 4, 5, 6, 7, 8]\n")
	dbl.WriteString("s0: xxxxxxxxxxxxxxxx\n")
	for i := 1; i < 40; i++ {
		fmt.Fprintf(&fan, "l%d: ['${l%d}', '${l%d}', '${l%d}', '${l%d}']\n", i, i-1, i-1, i-1, i-1)
		fmt.Fprintf(&dbl, "s%d: ${s%d}${s%d}\n", i, i-1, i-1)
	}
	deep := "x: '" + strings.Repeat("${oc.decode:", 300) + "1" + strings.Repeat("}", 300) + "'\n"
	for name, src := range map[string]string{"chain": chain.String(), "fan-out": fan.String(), "doubling": dbl.String(), "nesting": deep} {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			_, diags := resolveYAML(t, src, Options{Key: "parameters"})
			if !strings.Contains(strings.Join(diags, "\n"), "interp.Limit") {
				t.Errorf("no limit finding: %q", diags)
			}
			if el := time.Since(start); el > 20*time.Second { // a hang guard, generous for loaded CI machines
				t.Errorf("took %v", el)
			}
		})
	}
}

// Expected splits are Python's split_key (omegaconf 2.2.2) on the same keys.
func TestSplitKey(t *testing.T) {
	for key, want := range map[string]string{
		"a.b":       "a|b",
		"a[b]":      "a|b",
		".a.b[c].d": "|a|b|c|d",
		"[a].b":     "a|b",
		"..[a]":     "||a",
		"a[b.c]":    "a|b.c",
		"a..b":      "a||b",
		"a[b":       "a",
		"a[b]c.d":   "a|b|d",
		"":          "",
		"a]b.c":     "a]b|c",
		"a[]":       "a|",
		"a.[b]":     "a||b",
	} {
		if got := strings.Join(splitKey(key), "|"); got != want {
			t.Errorf("splitKey(%q) = %q, want %q", key, got, want)
		}
	}
}

// A scalar config root that selects itself through an empty key.
func TestScalarRootSelectingItself(t *testing.T) {
	var d diag.List
	out := Resolve(&tree.Node{Kind: tree.String, Text: "${${oc.env:,}}", At: diag.Pack(diag.Pos{File: "x.yml", Line: 1, Col: 1})},
		Options{AllowEnv: true, Getenv: fakeEnv(nil)}, &d)
	if out == nil || out.Text != "${${oc.env:,}}" || !strings.Contains(fmt.Sprint(d.Items()), "interp.Cycle") {
		t.Errorf("got %+v, %v", out, d.Items())
	}
}

// An environment value stays secret when another key refers to it, and in
// credentials every value is a secret: no message quotes one.
func TestSecretsStayOutOfMessagesThroughReferences(t *testing.T) {
	const secret = "hunter2"
	opts := Options{Key: "credentials", AllowEnv: true,
		Getenv: fakeEnv(map[string]string{"SECRET": secret + "-env", "BAD": "[" + secret + "-env"})}
	src := strings.Join([]string{
		"a: ${oc.env:SECRET}",
		"bad: ${oc.env:BAD}",
		"n: {m: '${a}'}",
		"pw: hunter2-plain",
		"k1: ${${a}}",
		"k2: ${oc.decode:${bad}}",
		"k3: ${globals:${a}}",
		"k4: ${x.${a}}",
		"k5: ${${n.m}}",
		"k6: ${${pw}}",
		"k7: 'hunter2-lit${oops'",
		"k8: ${oc.decode:'[hunter2-in-decode'}",
	}, "\n") + "\n"
	_, diags := resolveYAML(t, src, opts)
	if len(diags) != 8 {
		t.Errorf("expected a finding per k key, got %q", diags)
	}
	for _, d := range diags {
		if strings.Contains(d, secret) {
			t.Errorf("secret in message: %s", d)
		}
	}
}

// References to references nest the output no deeper than the YAML reader
// lets a file nest (tree.MaxDepth): a 10 KB chain of 500 `{k: ${prev}}`
// otherwise prints 42 MB of indented YAML. OmegaConf 2.2 resolves such a
// chain up to about 485 links; kfc stops at its own bound, at the first
// reference past it.
func TestReferencesNestBounded(t *testing.T) {
	build := func(n int) string {
		var b strings.Builder
		b.WriteString("p0: 1\n")
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "p%d: {k: '${p%d}'}\n", i, i-1)
		}
		return b.String()
	}
	if out, diags := resolveYAML(t, build(tree.MaxDepth-1), Options{Key: "parameters"}); len(diags) != 0 || !strings.Contains(out, strings.Repeat(`{"k": `, tree.MaxDepth-1)+"1") {
		t.Fatalf("at the bound: %q %.200s", diags, out)
	}
	out, diags := resolveYAML(t, build(500), Options{Key: "parameters"})
	want := fmt.Sprintf("%d:10 interp.Limit: interpolations nest mappings and lists more than 64 deep (references to references?); resolution stopped", tree.MaxDepth+1)
	if len(diags) != 1 || diags[0] != want {
		t.Errorf("got %q, want %q", diags, want)
	}
	if len(out) > 200_000 {
		t.Errorf("output of %d bytes", len(out))
	}
}

// Integers beyond int64 stay exact through references, string
// interpolation and the grammar's own integers: the values are
// OmegaConf 2.2's to_container(resolve=True) of the same file.
func TestBigIntsThroughInterpolation(t *testing.T) {
	out, diags := resolveYAML(t, "a: 123456789012345678901234567890\nb: ${a}\nc: x${a}\nd: \"${oc.decode:'-99999999999999999999'}\"\ne: ${oc.select:nope,18446744073709551616}\n", Options{Key: "parameters"})
	want := `{"a": 123456789012345678901234567890, "b": 123456789012345678901234567890, "c": "x123456789012345678901234567890", "d": -99999999999999999999, "e": 18446744073709551616}`
	if len(diags) != 0 || out != want {
		t.Errorf("got %s %q\nwant %s", out, diags, want)
	}
}

// The lexer stops on nesting the parser would refuse anyway, so a 1 MB
// run of "[" costs no million tokens (it took 1.2 GB and 9 s in a 12 MB
// project); the finding stays where the parser puts it.
func TestLexerStopsOnDeepNesting(t *testing.T) {
	toks, err := lex(strings.Repeat("[", 1_000_000), modeValue)
	if err == nil || !err.limit || err.off != maxNesting || toks != nil {
		t.Fatalf("got %d tokens, %+v", len(toks), err)
	}
	src := "x: a${oc.select:b," + strings.Repeat("[", 300) + strings.Repeat("]", 300) + "}\n"
	_, diags := resolveYAML(t, src, Options{Key: "parameters"})
	want := "1:118 interp.Limit: interpolation nested more than 100 levels deep"
	if len(diags) != 1 || diags[0] != want {
		t.Errorf("got %q, want %q", diags, want)
	}
}

// A large catalog resolves with a vnode per node of its entries holding
// `${`: a vnode stays at 64 bytes (docs/bench.md, "Compact trees").
func TestVnodeSize(t *testing.T) {
	if got := unsafe.Sizeof(vnode{}); got > 64 {
		t.Errorf("vnode is %d bytes, more than 64", got)
	}
}
