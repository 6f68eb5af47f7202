package py

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/big"
	"os/exec"
	"testing"
)

var formatMapTemplates = []string{
	"data/{name}.csv", "{name}", "{{name}}", "{{{name}}}", "a}", "{name}}", "x{", "{n:03d}", "{n:>4}",
	"{n:+d}", "{n:#x}", "{n:#X}", "{n:#o}", "{n:#b}", "{neg:05}", "{neg:<6}", "{neg:^7}", "{neg: d}", "{big:,}",
	"{big:_}", "{big:_x}", "{big:,x}", "{big:,_}", "{n:=+5}", "{n:x<5}", "{n:.2}", "{n:z}", "{n:q}", "{n:ss}",
	"{name:>6}", "{name:^7}", "{name:.2}", "{name:05}", "{name:=5}", "{name:+}", "{name: }", "{name:#}",
	"{name:,}", "{name:d}", "{name!r}", "{name!a}", "{accent!a}", "{n!r}", "{n!s:>3}", "{name:{n}}",
	"{name:{n}{n}}", "{}", "{0}", "{٣}", "{99999999999999999999}", "{nam}", "{name!x}", "{name!}",
	"{name!rr}", "{name:{n:{n}}}", "{name", "{name[}", "{name:.}", "{n:٣}", "{n:99999999999999999999}",
	"{big:,_}", "{n:q}", "{n:x>+#08_x}", "{name:s}", "{name.upper}", "{name[0]}", "{n:c}", "{n:f}",
}

// TestFormatMapAgainstPython compares FormatMap with str.format_map of the
// python3 on PATH (skipped without one); what kfc refuses to evaluate
// (Kind "Unsupported") is skipped.
func TestFormatMapAgainstPython(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3 on PATH")
	}
	in, _ := json.Marshal(formatMapTemplates)
	cmd := exec.Command(python, "-c", `
import json, sys
named = {"name": "Cars", "n": 7, "neg": -42, "big": 12345678, "accent": "café\u2028"}
out = []
for t in json.load(sys.stdin):
    try:
        out.append(["", t.format_map(named)])
    except Exception as e:
        out.append([type(e).__name__, str(e) if not isinstance(e, KeyError) else e.args[0]])
print(json.dumps(out))
`)
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("python3 failed: %v", err)
	}
	var want [][2]string
	if err := json.Unmarshal(out, &want); err != nil || len(want) != len(formatMapTemplates) {
		t.Fatalf("python3 output: %v %s", err, out)
	}
	named := map[string]Arg{"name": {Text: "Cars"}, "n": {Int: big.NewInt(7)}, "neg": {Int: big.NewInt(-42)},
		"big": {Int: big.NewInt(12345678)}, "accent": {Text: "café\u2028"}}
	for i, tmpl := range formatMapTemplates {
		got, err := FormatMap(tmpl, named)
		var fe *FormatError
		switch {
		case errors.As(err, &fe) && fe.Kind == "Unsupported":
			t.Logf("%q: kfc refuses: %s", tmpl, fe.Msg)
		case want[i][0] == "" && (err != nil || got != want[i][1]):
			t.Errorf("%q: kfc (%q, %v), Python %q", tmpl, got, err, want[i][1])
		case want[i][0] != "" && (fe == nil || fe.Kind != want[i][0] || fe.Msg != want[i][1]):
			t.Errorf("%q: kfc (%q, %v), Python %s: %s", tmpl, got, err, want[i][0], want[i][1])
		}
	}
}
