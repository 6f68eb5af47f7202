package mlproject

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/internal/py"
)

// FuzzParse: any bytes parse without a panic, every finding is positioned
// in the file, and the same input gives the same findings.
func FuzzParse(f *testing.F) {
	f.Add([]byte("entry_points:\n  main:\n    parameters: {alpha: float, l1: {type: int, default: 1e5}}\n    command: \"run {alpha} {l1:>4} {x} }\"\n"))
	f.Add([]byte("docker_env: {image: x, environment: [A, [B, 1], [C]]}\npython_env: p.yaml\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		run := func() []diag.Diagnostic {
			var dl diag.List
			p := Parse(&config.File{Path: "MLproject", Src: src}, &dl)
			for _, ep := range p.EntryPoints {
				if ep.HasCommand {
					_, _ = ep.Render(map[string]string{"x": "1"})
				}
			}
			return dl.Items()
		}
		first := run()
		lines := yamlLines(string(src))
		for _, d := range first {
			if d.Pos.File != "MLproject" || d.Pos.Line < 0 || d.Pos.Line > len(lines) || d.Pos.Col < 0 ||
				(d.Pos.Line > 0 && d.Pos.Col > utf8.RuneCountInString(lines[d.Pos.Line-1])+1) {
				t.Fatalf("finding outside the file: %v", d)
			}
		}
		second := run()
		if len(first) != len(second) {
			t.Fatalf("not deterministic: %v vs %v", first, second)
		}
		for i := range first {
			if first[i].String() != second[i].String() {
				t.Fatalf("not deterministic: %v vs %v", first[i], second[i])
			}
		}
	})
}

// yamlBreak is a line break as YAML 1.1 (PyYAML, go-yaml) counts it.
var yamlBreak = regexp.MustCompile("\r\n|[\r\n\u0085\u2028\u2029]")

// yamlLines splits src into lines as PyYAML numbers them in its messages
// (a leading BOM is not a column).
func yamlLines(src string) []string {
	return yamlBreak.Split(strings.TrimPrefix(src, "\ufeff"), -1)
}

// FuzzRender: any command template and value render without a panic; a
// bare {a} always renders as the shell-quoted value, and a template
// without braces as itself.
func FuzzRender(f *testing.F) {
	f.Add("python train.py --alpha {a} {{x}} {a:>8} {a!r} {a[0]}", "it's 0.5")
	f.Add("{a:{a}}", "3")
	f.Add("}{", "")
	f.Fuzz(func(t *testing.T, command, value string) {
		ep := &EntryPoint{Name: "main", Command: command, HasCommand: true, Params: []*Param{{Name: "a", Type: "string"}}}
		out, err := ep.Render(map[string]string{"a": value})
		if err == nil && !strings.ContainsAny(command, "{}") && out != command {
			t.Fatalf("%q rendered as %q", command, out)
		}
		bare := &EntryPoint{Name: "main", Command: "{a}", HasCommand: true, Params: ep.Params}
		if got, err := bare.Render(map[string]string{"a": value}); err != nil || got != py.ShellQuote(value) {
			t.Fatalf("{a} with %q: got (%q, %v)", value, got, err)
		}
		var dl diag.List
		checkPlaceholders(ep, &dl)
	})
}
