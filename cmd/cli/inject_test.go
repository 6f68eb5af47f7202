package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// evil is a dataset key that, printed raw, starts a GitHub workflow
// command on its own line and recolours the terminal.
const evil = "a\n::error file=x::PWNED\x1b[31m"

// rawControl matches what a terminal or a CI log acts on instead of
// showing: C0 controls but the line break, DEL, C1 controls (CSI U+009B,
// NEL), line and paragraph separators and the bidi controls.
var rawControl = regexp.MustCompile("[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")

// cmdResult is what one kfc command printed.
type cmdResult struct {
	args        []string
	out, errOut string
	code        int
}

// TestNoRawControlCharacters feeds every command a project whose names,
// keys, values and even a file name hold control characters, and checks
// that no text format lets one through, on stdout or stderr.
func TestNoRawControlCharacters(t *testing.T) {
	y := func(s string) string {
		return `"` + strings.NewReplacer("\n", `\n`, "\x1b", `\e`, "\u009b", `\x9b`, "\u202e", `\u202e`).Replace(s) + `"`
	}
	good := writeFiles(t, map[string]string{
		"conf/base/catalog.yml": y(evil) + ":\n  type: pickle.PickleDataset\n  filepath: " + y("data/a\x1b[31m.pkl") + "\n" +
			y("{x}\n::error::PAT\x1b[31m") + ":\n  type: pickle.PickleDataset\n  filepath: data/{x}.pkl\n" +
			y("b\u009b31m\u202e") + ":\n  type: pickle.PickleDataset\n  filepath: data/b.pkl\n",
		"conf/base/parameters.yml": y("p\n::error::PARAM\x1b[31m") + ": " + y("v\x1b[31m") + "\n",
		"conf/base/pipelines.yml": "__default__:\n  nodes:\n    - name: n\n      run: [python, " + y("x\x1b[31m.py") + ", '{in.i}', '{out.o}']\n" +
			"      inputs: {i: " + y(evil) + "}\n      outputs: {o: " + y("c\n::error::OUT\x1b[31m") + "}\n",
		"conf/local/.keep": "",
		"MLproject":        "name: " + y("m\x1b[31m") + "\nentry_points:\n  main:\n    command: " + y("python \x1b[31m") + "\n",
	})
	bad := writeFiles(t, map[string]string{
		"conf/base/catalog.yml":                   y(evil) + ":\n  type: " + y("pickle.PickleDataset\x1b[31m") + "\n",
		"conf/base/catalog_\x1b[31m\n::error.yml": "x: 1\n",
		"conf/base/parameters.yml":                "a: ${oc.env:" + y("X\x1b[31m")[1:] + "\n",
		"conf/base/pipelines.yml":                 "__default__:\n  nodes:\n    - name: " + y("n\n::error::NODE\x1b[31m") + "\n      run: [x]\n      outputs: " + y(evil) + "\n",
		"conf/local/.keep":                        "",
	})
	plan1, plan2 := filepath.Join(t.TempDir(), "p1.json"), filepath.Join(t.TempDir(), "p2.json")
	if _, errOut, code := runKfc(t, "build", good, "-o", plan1); code != 0 {
		t.Fatalf("build: %d %s", code, errOut)
	}
	// A second plan that differs in hostile names, for plan diff.
	other := filepath.Join(good, "conf/base/pipelines.yml")
	src, _ := os.ReadFile(other)
	if err := os.WriteFile(other, []byte(strings.Replace(string(src), "OUT", "OUT2\\u202e", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := runKfc(t, "build", good, "-o", plan2); code != 0 {
		t.Fatalf("build: %d %s", code, errOut)
	}
	tampered := filepath.Join(t.TempDir(), "bad.json")
	p2, _ := os.ReadFile(plan2)
	if err := os.WriteFile(tampered, []byte(strings.Replace(string(p2), `"python"`, `"python3"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	ctl := "x\n::error::ARG\x1b[31m"
	var runs [][]string
	for _, dir := range []string{good, bad} {
		runs = append(runs,
			[]string{"vet", dir}, []string{"vet", "--info", dir}, []string{"vet", "--format", "github", dir},
			[]string{"config", "catalog", dir}, []string{"config", "parameters", dir}, []string{"config", "catalog", "--format", "json", dir},
			[]string{"catalog", "list", dir}, []string{"catalog", "list", dir, "--pipeline", "__default__"}, []string{"catalog", "list", dir, "--pipeline", ctl},
			[]string{"catalog", "patterns", dir}, []string{"catalog", "resolve", "-C", dir, evil, "zz\x1b[31m\u009b"},
			[]string{"build", dir, "-o", filepath.Join(t.TempDir(), "p.json")}, []string{"build", dir, "--pipeline", ctl}, []string{"build", dir, "--tags", ctl},
			[]string{"build", dir, "--params", ctl}, []string{"build", dir, "--load-versions", ctl},
			[]string{"graph", dir}, []string{"graph", "--format", "dot", dir}, []string{"graph", "--format", "markdown", dir},
		)
	}
	runs = append(runs,
		[]string{"plan", "diff", plan1, plan2}, []string{"plan", "validate", tampered}, []string{"plan", "diff", plan1, tampered},
		[]string{"plan", "validate", ctl}, []string{"rules"}, []string{"version"}, []string{"schema", "plan"},
		[]string{ctl}, []string{"vet", "--" + ctl}, []string{"config", ctl, good}, []string{"build", ctl},
	)
	var results []cmdResult
	for _, args := range runs {
		out, errOut, code := runKfc(t, args...)
		results = append(results, cmdResult{args, out, errOut, code})
	}
	// The run-time commands: exec, runs, log, verify, import kedro --check.
	results = append(results, hostileRunCommands(t)...)
	leaked := 0
	for _, r := range results {
		args, out, errOut, code := r.args, r.out, r.errOut, r.code
		if code == ExitInternal {
			t.Errorf("%q: internal error: %s", args, errOut)
		}
		for stream, text := range map[string]string{"stdout": out, "stderr": errOut} {
			if loc := rawControl.FindStringIndex(text); loc != nil {
				leaked++
				t.Errorf("%q: %s holds a raw %q: ...%s...", args, stream, text[loc[0]:loc[1]], strings.ToValidUTF8(text[max(0, loc[0]-40):min(len(text), loc[1]+20)], "?"))
			}
			for _, line := range strings.Split(text, "\n") {
				if strings.HasPrefix(line, "::") && !(args[0] == "vet" && args[1] == "--format" && stream == "stdout") {
					t.Errorf("%q: %s starts a workflow command: %q", args, stream, line)
				}
			}
		}
	}
	// The hostile text is there, escaped, not dropped.
	if out, _, _ := runKfc(t, "catalog", "list", good); !strings.Contains(out, `a\n::error file=x::PWNED\x1b[31m`) {
		t.Errorf("catalog list does not show the escaped name: %q", out)
	}
}
