package tree

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/internal/synth"
	yaml "go.yaml.in/yaml/v3"
)

// decodeV3 is yaml.v3's root of src, or nil when it fails, is empty or
// holds more than one document (fastRead must decline all of those).
func decodeV3(src []byte) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc, extra yaml.Node
	if dec.Decode(&doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil
	}
	return doc.Content[0]
}

// yamlDiff describes the first difference between fastRead's node a and
// yaml.v3's b in every field but the comments; pairs maps a's nodes to b's,
// so that aliases are checked to point at the corresponding anchor.
func yamlDiff(a, b *yaml.Node, pairs map[*yaml.Node]*yaml.Node) string {
	if a.Kind != b.Kind || a.Style != b.Style || a.Tag != b.Tag || a.Value != b.Value || a.Anchor != b.Anchor ||
		a.Line != b.Line || a.Column != b.Column || len(a.Content) != len(b.Content) {
		return fmt.Sprintf("fast %+v\nv3   %+v", brief(a), brief(b))
	}
	pairs[a] = b
	if a.Kind == yaml.AliasNode && pairs[a.Alias] != b.Alias {
		return fmt.Sprintf("alias *%s at %d:%d points elsewhere", a.Value, a.Line, a.Column)
	}
	for i := range a.Content {
		if d := yamlDiff(a.Content[i], b.Content[i], pairs); d != "" {
			return d
		}
	}
	return ""
}

func brief(n *yaml.Node) string {
	return fmt.Sprintf("kind=%d style=%d tag=%q value=%q anchor=%q at %d:%d, %d children",
		n.Kind, n.Style, n.Tag, n.Value, n.Anchor, n.Line, n.Column, len(n.Content))
}

// checkFast fails t when fastRead accepts src and its tree, or the tree.Nodes
// and findings built from it (both dialects), differ from yaml.v3's path.
// It reports whether fastRead accepted src.
func checkFast(t *testing.T, name string, src []byte) bool {
	t.Helper()
	fast, _, ok := fastRead(src)
	if !ok {
		return false
	}
	v3 := decodeV3(src)
	if v3 == nil {
		t.Errorf("%s: fastRead accepts what yaml.v3 refuses", name)
		return true
	}
	if d := yamlDiff(fast, v3, map[*yaml.Node]*yaml.Node{}); d != "" {
		t.Errorf("%s: fastRead and yaml.v3 differ:\n%s", name, d)
		return true
	}
	for _, dialect := range []Dialect{OmegaConf, PyYAML} {
		var dn, do diag.List
		n := ParseDialect(name, src, dialect, &dn)
		useFastRead = false
		o := ParseDialect(name, src, dialect, &do)
		useFastRead = true
		if !reflect.DeepEqual(n, o) || !reflect.DeepEqual(dn.Items(), do.Items()) {
			t.Errorf("%s: the trees or findings built differ (dialect %d)", name, dialect)
		}
	}
	return true
}

func TestFastReadEqualsYAML(t *testing.T) {
	files := realFiles(t)
	accepted := 0
	for name, src := range files {
		ok := checkFast(t, name, src)
		if ok {
			accepted++
		}
		// The same file from a Windows checkout is read as well, and exactly.
		crlf := bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n"))
		if checkFast(t, name+" (CRLF)", crlf) != ok && !bytes.Contains(src, []byte("\r")) {
			t.Errorf("%s: read with LF or with CRLF but not both", name)
		}
	}
	t.Logf("fastRead accepted %d of %d files", accepted, len(files))
	if len(files) < 100 || accepted*2 < len(files) {
		t.Errorf("fastRead accepted %d of %d files: it buys nothing", accepted, len(files))
	}
}

// The generated projects are what the benchmarks read: every file of them
// must be read by fastRead, and exactly.
func TestFastReadReadsSynthProjects(t *testing.T) {
	for _, opt := range []synth.Options{
		{Datasets: 5000, Params: 1000, Nodes: 2000, Factories: 8, Seed: 1},
		{Datasets: 3000, Params: 300, Nodes: 200, Factories: 12, Seed: 2},
	} {
		for name, text := range synth.Files(opt) {
			if !strings.HasSuffix(name, ".yml") && !strings.HasSuffix(name, ".yaml") {
				continue
			}
			if !checkFast(t, name, []byte(text)) {
				t.Errorf("%s (%+v): fastRead declines a generated file", name, opt)
			}
			// With findings in it: a duplicate key, a bad tag, an alias of a template.
			checkFast(t, name+" with findings", []byte(text+"_raw_csv: {type: X}\nz: !!int x\n"))
		}
	}
}

// fastCases are inputs at the edges of what fastRead takes: each must be
// declined or read exactly; accept says which ones it must read.
var fastCases = []struct {
	src    string
	accept bool
}{
	{"a: 1\nb: [x, 'y', \"z\"]\nc: {d: e, f: 2.5}\n", true},
	{"---\na: ~\nb:\nc: null\n", true},
	{"# c\n\n_t: &t\n  x: 1\ny:\n  <<: *t\n  z: [*t, *t]\n", true},
	{"a:\n- 1\n-\n- - 2\nb: 3", false},
	{"a:\n- 1\n-\n- x: 2\n  y: 3\nb: 3", true},
	{"a: \"\\u00e9\\x41\\t\\\\ \\\" \\N\"\nb: 'it''s'\n", true},
	{"a: !!str 1\nb: !!int '2'\nc: !!map {}\nd: &x !!seq []\ne: !!binary x\n", true},
	{"'a b': c\n\"d\": e # f\ng: h#i\n", true},
	{"a: b\n  c\n", true},
	{"a: b  \n\n  c\n   \n\n    d e \n  - f [g] 'h'\nz: 1\n", true},
	{"- a\n  b\n- c: d\n    e\n  f: g\n", true},
	{"a: b\n  c: d\n", false},
	{"a: b\n  c # x\n  d\n", false},
	{"a: b\n  # x\n  d\n", false},
	{"a: b\n  c #x\nd: 1\n", true},
	{"a: |\n  x\n", false},
	{"a: b: c\n", false},
	{"a: [b,\n c]\n", false},
	{"a: *nope\n", false},
	{"a: 1\n---\nb: 2\n", false},
	{"é: ü\nb: \"日本\"\n", true},
	{"- a\n- b: c\n  d: [e, {f: g}]\n", true},
	{"a: [--in, -1, .5, <<, \"{x}\"]\n", true},
	{"a:\n  - b\n  - c\nd: e\n", true},
	{"a: 'x'#y\n", false},
	{"a:   \n  # only a comment\nb: 1", true},
	{"a: b \r\n  c\r\n\r\n  d\r\ne: 'f' # g\r\nh:\r\n- [i,\r\n  j]\r\n", true},
	{"a: b\rc: d\n", false},
}

func TestFastReadEdges(t *testing.T) {
	for _, c := range fastCases {
		if got := checkFast(t, fmt.Sprintf("%q", c.src), []byte(c.src)); c.accept && !got {
			t.Errorf("%q: declined", c.src)
		}
	}
}

// plainTag answers some values without yaml.v3's resolver: it must give
// what the resolver gives, on every string of up to three characters from
// an alphabet of the characters its table and parsers look at, and on words.
func TestPlainTagIsShortTag(t *testing.T) {
	alphabet := []string{"", "+", "-", ".", "_", "0", "1", "7", "9", "b", "o", "x", "e", "E", "i", "n", "f", "t", "y", "Y", "N", "T", "F", "o", "O", "~", "<", ":", "a", "z", "/", " "}
	values := []string{"true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL", "~", "<<",
		"yes", "no", "on", "off", "y", "n", ".inf", "-.inf", "+.Inf", ".nan", "-_1", "--in", "-v", "+x", "-0b101", "-0o7",
		"2001-12-14", "2001-12-14t21:59:43.10-05:00", "1e5", "-1e5", "0x1F", "-0x1F", "1_000", "--out-dir", "type", "utf-8"}
	for _, a := range alphabet {
		for _, b := range alphabet {
			for _, c := range alphabet {
				values = append(values, a+b+c)
			}
		}
	}
	for _, v := range values {
		n := yaml.Node{Kind: yaml.ScalarNode, Value: v}
		if got, want := plainTag(&n), n.ShortTag(); got != want {
			t.Errorf("%q: plainTag %s, yaml.v3 %s", v, got, want)
		}
	}
}

func FuzzFastRead(f *testing.F) {
	for _, c := range fastCases {
		f.Add([]byte(c.src))
	}
	for _, src := range realFiles(f) { // real shapes for the mutator to work on
		if len(src) < 4096 {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkFast(t, "f.yml", src)
	})
}

// The slabs of one read are reused by the next: a tree built before must
// not change when later files are read.
func TestReusedSlabsLeaveTreesIntact(t *testing.T) {
	files := synth.Files(synth.Options{Datasets: 500, Params: 50, Nodes: 50, Factories: 4, Seed: 3})
	var names []string
	for name := range files {
		if strings.HasSuffix(name, ".yml") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	built := map[string]*Node{}
	for _, name := range names {
		var d diag.List
		built[name] = Parse(name, []byte(files[name]), &d)
	}
	for _, name := range names {
		var d diag.List
		if again := Parse(name, []byte(files[name]), &d); !reflect.DeepEqual(built[name], again) {
			t.Errorf("%s: its tree changed after later reads", name)
		}
	}
}
