package tree

import (
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/kfc-dev/kfc/compiler/diag"
)

func parse(t *testing.T, src string) (*Node, []diag.Diagnostic) {
	t.Helper()
	var d diag.List
	n := Parse("f.yml", []byte(src), &d)
	return n, d.Items()
}

func TestScalarTyping(t *testing.T) {
	cases := []struct {
		src  string
		kind Kind
		str  string
	}{
		{"1", Int, "1"}, {"010", Int, "8"}, {"0x1F", Int, "31"}, {"1:30", Int, "90"}, {"1_000", Int, "1000"},
		{"0.5", Float, "0.5"}, {"1e5", Float, "100000.0"}, {"1.0e+5", Float, "100000.0"}, {"0.00001", Float, "1e-05"},
		{".inf", Float, "inf"}, {"-.inf", Float, "-inf"}, {".0", Float, "0.0"},
		{"yes", Bool, "True"}, {"Off", Bool, "False"}, {"true", Bool, "True"}, {"~", Null, "None"}, {"null", Null, "None"},
		{"'1'", String, "1"}, {"hello", String, "hello"}, {"2024-01-01", String, "2024-01-01"}, {"!!str 1", String, "1"},
	}
	for _, c := range cases {
		n, ds := parse(t, "v: "+c.src)
		if len(ds) != 0 {
			t.Fatalf("%s: %v", c.src, ds)
		}
		v := n.Get("v")
		if v.Kind != c.kind || v.Str() != c.str {
			t.Errorf("%s: got %v %q, want %v %q", c.src, v.Kind, v.Str(), c.kind, c.str)
		}
	}
	// MLflow reads MLproject with plain PyYAML: 1e-1 stays a string there.
	var d diag.List
	n := ParseDialect("MLproject", []byte("v: 1e-1"), PyYAML, &d)
	if v := n.Get("v"); v.Kind != String || v.Str() != "1e-1" {
		t.Errorf("PyYAML 1e-1: got %v %q", v.Kind, v.Str())
	}
}

func TestMergeKeys(t *testing.T) {
	n, ds := parse(t, `
_a: &a {type: A, x: 1}
_b: &b {type: B, y: 2}
one:
  <<: [*a, *b]
  x: 3
`)
	if len(ds) != 0 {
		t.Fatal(ds)
	}
	one := n.Get("one")
	var keys []string
	for _, p := range one.Pairs {
		keys = append(keys, p.Key+"="+p.Value.Str())
	}
	if got := strings.Join(keys, ","); got != "type=A,y=2,x=3" {
		t.Errorf("merged: %s", got)
	}
	if one.Get("type").Pos().Line != 2 {
		t.Errorf("merged value should keep the anchor's position, got %v", one.Get("type").Pos())
	}
}

func TestDuplicateKey(t *testing.T) {
	_, ds := parse(t, "a: 1\nb:\n  c: 1\n  c: 2\n")
	if len(ds) != 1 || ds[0].Code != CodeDuplicateKey || ds[0].Pos.Line != 4 || ds[0].Notes[0].Pos.Line != 3 {
		t.Fatalf("got %v", ds)
	}
}

func TestBadInput(t *testing.T) {
	for _, src := range []string{"\x00\x01junk", "a: [1, 2", "a: 1\n---\nb: 2", "a: !python/object x", "\xff\xfe"} {
		n, ds := parse(t, src)
		_ = n
		if len(ds) == 0 || ds[0].Code != CodeSyntax {
			t.Errorf("%q: want an error, got %v", src, ds)
		}
	}
	if n, ds := parse(t, "# only a comment\n"); n != nil || len(ds) != 0 {
		t.Errorf("comment-only file: %v %v", n, ds)
	}
}

func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 12; i++ {
		b.WriteString("a" + itoa(i) + ": &a" + itoa(i) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + itoa(i-1))
		}
		b.WriteString("]\n")
	}
	_, ds := parse(t, b.String())
	if len(ds) == 0 {
		t.Fatal("alias bomb not reported")
	}
}

func itoa(i int) string {
	return strings.TrimSpace(strings.Repeat(" ", 0) + string(rune('0'+i/10)) + string(rune('0'+i%10)))
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"a: 1", "_t: &t {x: 1}\nb: {<<: *t}", "a: [1, {b: c}]", "'{x}': {type: T}", "a: &a [*a]",
		"_t: &t {a: [1, {b: &u {c: 1}}], d: *u}\nx: {<<: [*t, *u], e: *t}\ny: [*u, *t, {<<: *u}]\n", "_t: &t {a: 1, a: 2}\nx: *t\ny: *t\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		var d diag.List
		Parse("f.yml", src, &d)
		// Sharing anchors' trees gives what rebuilding them gives.
		s, r, ds, dr := parseBothWays("f.yml", string(src), OmegaConf)
		if !reflect.DeepEqual(s, r) || !reflect.DeepEqual(ds, dr) {
			t.Fatalf("shared and rebuilt parses differ:\n%v\n%v", ds, dr)
		}
		// Every finding points into the file, lines counted as YAML counts them.
		end, _ := endOf(src)
		for _, it := range d.Items() {
			if it.Pos.Line > end {
				t.Fatalf("finding past the file's %d lines: %v", end, it)
			}
		}
	})
}

func TestEncodeKeepsOrderAndTypes(t *testing.T) {
	n, _ := parse(t, "b: 1\na: {y: 1e-5, x: 'yes'}\nc: [null, true]\n")
	if got := string(n.JSON("")); got != `{"b":1,"a":{"y":1e-05,"x":"yes"},"c":[null,true]}` {
		t.Errorf("JSON: %s", got)
	}
	if got := string(n.YAML()); got != "b: 1\na:\n  y: 1e-05\n  x: \"yes\"\nc:\n  - null\n  - true\n" {
		t.Errorf("YAML: %q", got)
	}
}

// Syntax errors are placed at PyYAML's problem_mark (checked with PyYAML 6;
// positions_test.go has the full table), not at the line of the construct
// it was reading ("while parsing a flow sequence ... line 4").
func TestSyntaxErrorLines(t *testing.T) {
	for src, at := range map[string][2]int{
		"a:\n  type: x\nb:\n  filepath: [unclosed\nc: 1\n": {5, 2}, // expected ',' or ']', but got ':'
		"a:\n  type: x\n   bad: 1\nc: 1\n":                 {3, 7}, // mapping values are not allowed here
		"a: 1\nb: \"unterminated\nc: 2\n":                  {4, 1}, // found unexpected end of stream
		"a:\n  b: 1\n c: 2\n":                              {3, 2}, // expected <block end>
		"a: [":                                             {1, 5}, // the end of a file without a final newline (go-yaml says line 2)
	} {
		_, ds := parse(t, src)
		if len(ds) != 1 || ds[0].Pos.Line != at[0] || ds[0].Pos.Col != at[1] {
			t.Errorf("%q: got %v, want %d:%d", src, ds, at[0], at[1])
		}
	}
}

// TestEndOf pins endOf on both of its paths (LF/CRLF only, and other line
// breaks), as YAML counts lines and columns.
func TestEndOf(t *testing.T) {
	for _, c := range []struct {
		src       string
		line, col int
	}{
		{"", 1, 1}, {"ab", 1, 3}, {"a\n", 2, 1}, {"a\r\nb", 2, 2}, {"a\nbé", 2, 3},
		{"\ufeffab", 1, 3}, {"\ufeffa\nb", 2, 2}, {"a\rb", 2, 2}, {"a\r", 2, 1},
		{"a\u2028bc", 2, 3}, {"a\u0085b\r\nc", 3, 2}, {"x\n\ufeff", 2, 2},
	} {
		if line, col := endOf([]byte(c.src)); line != c.line || col != c.col {
			t.Errorf("endOf(%q) = %d:%d, want %d:%d", c.src, line, col, c.line, c.col)
		}
	}
}

// A large catalog holds millions of nodes and keys: their positions are
// packed (docs/bench.md, "Compact trees").
func TestNodeSize(t *testing.T) {
	if got := unsafe.Sizeof(Node{}); got > 104 {
		t.Errorf("tree.Node is %d bytes, more than 104", got)
	}
	if got := unsafe.Sizeof(Pair{}); got > 40 {
		t.Errorf("tree.Pair is %d bytes, more than 40", got)
	}
}

// TestSignedNamesAreStrings pins resolveImplicit's shortcut for `--in`,
// `-v`, `+x`: a sign followed by neither a digit nor a point is a string,
// which no number pattern of either dialect may match.
func TestSignedNamesAreStrings(t *testing.T) {
	for _, sign := range []string{"-", "+"} {
		for c := 0x20; c < 0x7f; c++ {
			for _, rest := range []string{"", "1", "inf", ".5", "_1", "0x1", "1:30"} {
				s := sign + string(rune(c)) + rest
				skipped := !(c == '.' || (c >= '0' && c <= '9'))
				if !skipped {
					continue
				}
				if intRE().MatchString(s) || pyFloatRE().MatchString(s) || omegaFloatRE().MatchString(s) {
					t.Errorf("%q matches a number pattern but is typed as a string", s)
				}
				for _, d := range []Dialect{OmegaConf, PyYAML} {
					if n := ResolveScalar(s, d); n.Kind != String {
						t.Errorf("%q: got %v, want a string", s, n.Kind)
					}
				}
			}
		}
		if n := ResolveScalar(sign, OmegaConf); n.Kind != String {
			t.Errorf("%q: got %v, want a string", sign, n.Kind)
		}
	}
	for _, c := range []struct {
		s    string
		kind Kind
	}{{"-1", Int}, {"+1", Int}, {"-.5", String}, {"-.inf", Float}, {"+0x1F", Int}, {"-1:30", Int}} {
		if n := ResolveScalar(c.s, OmegaConf); n.Kind != c.kind {
			t.Errorf("%q: got %v, want %v", c.s, n.Kind, c.kind)
		}
	}
}
