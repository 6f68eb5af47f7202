package tree

import (
	"fmt"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
)

// pyMarks are broken snippets of the kinds users write, each with the
// problem_mark PyYAML 6.0.3 gives for it (yaml.load with SafeLoader, the
// loader OmegaConf builds on; printed 1-based) and its problem text. Every
// one is refused by both PyYAML and go-yaml.
// Columns count characters, as PyYAML's do, and a leading BOM is not one.
var pyMarks = []struct {
	src       string
	line, col int
	problem   string
}{
	// unclosed [
	{"model:\n  test_size: 0.2\n  seed: [3\n  alpha: 0.5\n", 4, 8, "expected ',' or ']', but got ':'"},
	{"a: [1, 2\n", 2, 1, "expected ',' or ']', but got '<stream end>'"},
	{"a: [1, 2", 1, 9, "expected ',' or ']', but got '<stream end>'"},
	{"a: [\n", 2, 1, "expected the node content, but found '<stream end>'"},
	{"a: [1,\n  2,\n  3\nb: 4\n", 4, 2, "expected ',' or ']', but got ':'"},
	{"x:\n  y: [a, b\n  z: c\n", 3, 4, "expected ',' or ']', but got ':'"},
	{"list: [a, [b, c]\nnext: 1\n", 2, 1, "expected ',' or ']', but got '<scalar>'"},
	{"a: [1, 2\n\n\nb: 3\n", 4, 2, "expected ',' or ']', but got ':'"},
	{"- [a, b\n- c\n", 3, 1, "expected ',' or ']', but got '<stream end>'"},
	{"a: [x, y, z\n# comment\nb: 1\n", 3, 1, "expected ',' or ']', but got '?'"},
	// unclosed {
	{"a: {b: 1\n", 2, 1, "expected ',' or '}', but got '<stream end>'"},
	{"a: {b: 1", 1, 9, "expected ',' or '}', but got '<stream end>'"},
	{"a: {\n", 2, 1, "expected the node content, but found '<stream end>'"},
	{"a: {b: 1, c: 2\nd: 3\n", 2, 2, "expected ',' or '}', but got ':'"},
	{"x:\n  y: {p: 1\n  z: c\n", 3, 4, "expected ',' or '}', but got ':'"},
	{"a: {b: {c: 1}\nd: 2\n", 2, 1, "expected ',' or '}', but got '<scalar>'"},
	{"{a: 1\n", 2, 1, "expected ',' or '}', but got '<stream end>'"},
	{"- {a: 1\n- b\n", 3, 1, "expected ',' or '}', but got '<stream end>'"},
	// missing , in flow
	{"a: {b: 1 c: 2}\n", 1, 11, "expected ',' or '}', but got ':'"},
	{"a: [\"x\" \"y\"]\n", 1, 9, "expected ',' or ']', but got '<scalar>'"},
	{"a: ['x' 'y']\n", 1, 9, "expected ',' or ']', but got '<scalar>'"},
	{"a: {b: \"x\" c: 2}\n", 1, 12, "expected ',' or '}', but got '<scalar>'"},
	{"a: [[1] [2]]\n", 1, 9, "expected ',' or ']', but got '['"},
	{"a: [{b: 1} {c: 2}]\n", 1, 12, "expected ',' or ']', but got '{'"},
	{"a: {b: [1] c: 2}\n", 1, 12, "expected ',' or '}', but got '<scalar>'"},
	{"k: [a, \"b\" c]\n", 1, 12, "expected ',' or ']', but got '<scalar>'"},
	// ] without [
	{"a: ]\n", 1, 4, "expected the node content, but found ']'"},
	{"]\n", 1, 1, "expected the node content, but found ']'"},
	{"a:\n  - b\n  ]\n", 3, 3, "expected <block end>, but found ']'"},
	{"}\n", 1, 1, "expected the node content, but found '}'"},
	{"a: }\n", 1, 4, "expected the node content, but found '}'"},
	{"a: [1]]\n", 1, 7, "expected <block end>, but found ']'"},
	{"a: {b: 1}}\n", 1, 10, "expected <block end>, but found '}'"},
	// unclosed quotes
	{"a: \"hello\n", 2, 1, "found unexpected end of stream"},
	{"a: 'hello\n", 2, 1, "found unexpected end of stream"},
	{"a: \"hello\nb: 1\n", 3, 1, "found unexpected end of stream"},
	{"a: 'hello\nb: 2\n", 3, 1, "found unexpected end of stream"},
	{"a: \"x\"y\"\n", 1, 7, "expected <block end>, but found '<scalar>'"},
	{"a: 'it's'\n", 1, 8, "expected <block end>, but found '<scalar>'"},
	{"a: \"abc", 1, 8, "found unexpected end of stream"},
	{"a: 'abc", 1, 8, "found unexpected end of stream"},
	{"- \"x\n- y\n", 3, 1, "found unexpected end of stream"},
	{"x:\n  y: \"unterminated\n  z: 1\n", 4, 1, "found unexpected end of stream"},
	{"a: \"bad \\q escape\"\n", 1, 10, "found unknown escape character 'q'"},
	{"a: \"\\x4\"\n", 1, 7, "expected escape sequence of 2 hexadecimal numbers, but found '\"'"},
	// bad indentation
	{"a:\n  b: 1\n c: 2\n", 3, 2, "expected <block end>, but found '<block mapping start>'"},
	{"a:\n    b: 1\n  c: 2\n", 3, 3, "expected <block end>, but found '<block mapping start>'"},
	{"a: 1\n  b: 2\n", 2, 4, "mapping values are not allowed here"},
	{"a:\n  b:\n    c: 1\n   d: 2\n", 4, 4, "expected <block end>, but found '<block mapping start>'"},
	{"a:\n  - b: 1\n     c: 2\n", 3, 7, "mapping values are not allowed here"},
	{"a: b\n c: d\n", 2, 3, "mapping values are not allowed here"},
	{"key: value\n  other: value\n", 2, 8, "mapping values are not allowed here"},
	{"a:\n  b: 1\n    c: 2\n", 3, 6, "mapping values are not allowed here"},
	{"top:\n  - x\n  y: 1\n", 3, 3, "expected <block end>, but found '?'"},
	{"a:\n  - 1\n  b: 2\n", 3, 3, "expected <block end>, but found '?'"},
	// mapping values not allowed here
	{"a: b: c\n", 1, 5, "mapping values are not allowed here"},
	{"a: b: c: d\n", 1, 5, "mapping values are not allowed here"},
	{"url: http://x: 1\n", 1, 14, "mapping values are not allowed here"},
	{"a: 'b': c\n", 1, 7, "mapping values are not allowed here"},
	{"key: value: other\n", 1, 11, "mapping values are not allowed here"},
	{"- a: b: c\n", 1, 7, "mapping values are not allowed here"},
	{"x:\n  y: z: w\n", 2, 7, "mapping values are not allowed here"},
	{"a: \"b\": c\n", 1, 7, "mapping values are not allowed here"},
	{"a: [b]: c\n", 1, 7, "mapping values are not allowed here"},
	{"name: foo:bar: baz\n", 1, 14, "mapping values are not allowed here"},
	// key without :
	{"a: 1\nb\nc: 2\n", 3, 1, "could not find expected ':'"},
	{"a: 1\njustakey\n", 3, 1, "could not find expected ':'"},
	{"x:\n  y: 1\n  zz\n  w: 2\n", 4, 3, "could not find expected ':'"},
	{"a: 1\nb c\nd: 2\n", 3, 1, "could not find expected ':'"},
	{"- a\nb: c\n", 2, 1, "expected <block end>, but found '?'"},
	{"a:\n  b: 1\n  c\n", 4, 1, "could not find expected ':'"},
	{"foo: bar\nbaz\n", 3, 1, "could not find expected ':'"},
	// tabs
	{"a:\n\tb: 1\n", 2, 1, "found character '\\t' that cannot start any token"},
	{"\ta: 1\n", 1, 1, "found character '\\t' that cannot start any token"},
	{"a:\n  b:\n\t- 1\n", 3, 1, "found character '\\t' that cannot start any token"},
	{"a: 1\n\tb: 2\n", 2, 1, "found character '\\t' that cannot start any token"},
	{"- a\n\t- b\n", 2, 1, "found character '\\t' that cannot start any token"},
	{"x:\n \ty: 1\n", 2, 2, "found character '\\t' that cannot start any token"},
	// unknown alias
	{"a: *nope\n", 1, 4, "found undefined alias 'nope'"},
	{"a: &x 1\nb: *y\n", 2, 4, "found undefined alias 'y'"},
	{"b: *later\na: &later 1\n", 1, 4, "found undefined alias 'later'"},
	{"- *missing\n", 1, 3, "found undefined alias 'missing'"},
	{"a: [*x]\n", 1, 5, "found undefined alias 'x'"},
	{"a: {b: *c}\n", 1, 8, "found undefined alias 'c'"},
	// duplicate anchor use / anchor problems
	{"a: &x &y 1\n", 1, 7, "expected <block end>, but found '<anchor>'"},
	{"a: *x &y\n", 1, 4, "found undefined alias 'x'"},
	{"a: &\n", 1, 5, "expected alphabetic or numeric character, but found '\\n'"},
	{"a: *\n", 1, 5, "expected alphabetic or numeric character, but found '\\n'"},
	{"a: &x *y\n", 1, 7, "expected <block end>, but found '<alias>'"},
	// stray -
	{"a: 1\n- b\n", 2, 1, "expected <block end>, but found '-'"},
	{"a:\n  b: 1\n  - c\n", 3, 3, "expected <block end>, but found '-'"},
	{"- a\n-b: 1\nc: 2\n", 2, 1, "expected <block end>, but found '?'"},
	{"key: - value\n", 1, 6, "sequence entries are not allowed here"},
	{"a: [- 1]\n", 1, 5, "expected the node content, but found '-'"},
	{"a: {- 1}\n", 1, 5, "expected the node content, but found '-'"},
	{"- a\nb\n", 3, 1, "could not find expected ':'"},
	// misc
	{"a: @b\n", 1, 4, "found character '@' that cannot start any token"},
	{"a: `b\n", 1, 4, "found character '`' that cannot start any token"},
	{"a: %b\n", 1, 4, "found character '%' that cannot start any token"},
	{"a: |\n  x\n b: 1\n", 3, 2, "expected <block end>, but found '<block mapping start>'"},
	{"a: >\n  x\n y\n", 3, 2, "expected <block end>, but found '<scalar>'"},
	{"a: |x\n  b\n", 1, 5, "expected chomping or indentation indicators, but found 'x'"},
	{"a: !<bad\n", 1, 9, "expected '>', but found '\\n'"},
	{"a: !x!y z\n", 1, 4, "found undefined tag handle '!x!'"},
	{"%YAML 1.1\n%YAML 1.1\n---\na: 1\n", 2, 1, "found duplicate YAML directive"},
	{"a: 1\n---\n--- b\n...\n...\n]\n", 2, 1, "but found another document"},
	{"a: [b, c]d\n", 1, 10, "expected <block end>, but found '<scalar>'"},
	{"a: {b: c}d\n", 1, 10, "expected <block end>, but found '<scalar>'"},
	{"a: 'x'y\n", 1, 7, "expected <block end>, but found '<scalar>'"},
	{"a: \"x\" y\n", 1, 8, "expected <block end>, but found '<scalar>'"},
	{"[a, b]: c: d\n", 1, 10, "mapping values are not allowed here"},
	{"a: {b, c: }}\n", 1, 12, "expected <block end>, but found '}'"},
	// columns in characters, CRLF line breaks, a BOM
	{"a: '\u00fc\n", 2, 1, "found unexpected end of stream"},
	{"a:\r\n  b: 1\r\n c: 2\r\n", 3, 2, "expected <block end>, but found '<block mapping start>'"},
	{"\ufeffa: b: c\n", 1, 5, "mapping values are not allowed here"},
	{"k: \"\u65e5\u672c\" x\n", 1, 9, "expected <block end>, but found '<scalar>'"},
}

func TestSyntaxErrorPositionsArePyYAMLs(t *testing.T) {
	for _, tc := range pyMarks {
		var diags diag.List
		Parse("f.yml", []byte(tc.src), &diags)
		items := diags.Items()
		if len(items) != 1 || items[0].Code != CodeSyntax {
			t.Errorf("%q: want one syntax finding, got %v", tc.src, items)
			continue
		}
		got := fmt.Sprintf("%d:%d", items[0].Pos.Line, items[0].Pos.Col)
		want := fmt.Sprintf("%d:%d", tc.line, tc.col)
		if got != want {
			t.Errorf("%q (PyYAML %d:%d %s): kfc says %s, want %s", tc.src, tc.line, tc.col, tc.problem, got, want)
		}
	}
	if len(pyMarks) < 100 {
		t.Errorf("the table holds %d snippets", len(pyMarks))
	}
}
