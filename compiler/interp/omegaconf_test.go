package interp

import (
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// TestAgainstOmegaConf replays testdata/omegaconf.txtar: every expected
// value there was produced by real OmegaConf 2.2.2 (see the file's header).
func TestAgainstOmegaConf(t *testing.T) {
	files, names := readArchive(t, "testdata/omegaconf.txtar")
	globals := mustParse(t, "g: {x: 1, s: str, l: [1, 2]}\n_p: 2\nn: null\ntop: T\n")
	runtime := mustParse(t, "rp: {a: 5}\nflag: true\n")
	env := map[string]string{"HOME": "/root"}
	opts := Options{Key: "parameters", Globals: globals, RuntimeParams: runtime, AllowEnv: true,
		Getenv: func(k string) (string, bool) { v, ok := env[k]; return v, ok }}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			src := files[name+".yml"]
			var d diag.List
			root := tree.Parse("c.yml", []byte(src), &d)
			if d.Len() > 0 {
				t.Fatalf("YAML: %v", d.Items())
			}
			got := perKey(Resolve(root, opts, &d), d.Items())
			for _, line := range strings.Split(strings.TrimSpace(files[name+".want"]), "\n") {
				key, want, _ := strings.Cut(line, " => ")
				if want == "ERR -" && !strings.HasPrefix(got[key], "ERR") && strings.Contains(got[key], "${") {
					continue // left as written: what it uses failed and was reported there
				}
				if got[key] != want {
					t.Errorf("%s:\n%s\n  key %s: got  %s\n  want %s", name, src, key, got[key], want)
				}
			}
		})
	}
}

func mustParse(t testing.TB, src string) *tree.Node {
	t.Helper()
	var d diag.List
	n := tree.Parse("t.yml", []byte(src), &d)
	if d.Len() > 0 {
		t.Fatalf("YAML: %v", d.Items())
	}
	return n
}

// perKey summarises a resolved top-level mapping the way the want files
// do: the value as Python JSON, or ERR with the rules reported on the
// key's lines, or "ERR -" for a value left as written without a finding.
func perKey(res *tree.Node, items []diag.Diagnostic) map[string]string {
	out := map[string]string{}
	for i, p := range res.Pairs {
		lo, hi := p.KeyPos().Line, 1<<30
		if i+1 < len(res.Pairs) {
			hi = res.Pairs[i+1].KeyPos().Line
		}
		rules := map[string]bool{}
		for _, it := range items {
			if it.Pos.Line >= lo && it.Pos.Line < hi {
				rules[string(it.Code)] = true
			}
		}
		v := pyJSON(p.Value)
		switch {
		case len(rules) > 0:
			var rs []string
			for r := range rules {
				rs = append(rs, r)
			}
			sort.Strings(rs)
			out[p.Key] = "ERR " + strings.Join(rs, " ")
		default:
			out[p.Key] = v
		}
	}
	return out
}

// readArchive reads a txtar-style file ("-- name --" lines start files)
// and returns the files and the names of the .yml ones in order.
func readArchive(t *testing.T, path string) (map[string]string, []string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	var names []string
	cur := ""
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if strings.HasPrefix(line, "-- ") && strings.HasSuffix(strings.TrimRight(line, "\n"), " --") {
			cur = strings.TrimSuffix(strings.TrimPrefix(strings.TrimRight(line, "\n"), "-- "), " --")
			if name, ok := strings.CutSuffix(cur, ".yml"); ok {
				names = append(names, name)
			}
			continue
		}
		if cur != "" {
			files[cur] += line
		}
	}
	return files, names
}
