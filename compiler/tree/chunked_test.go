package tree

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/internal/synth"
)

// bigMapping writes a file large enough to be parsed in pieces, with quoted
// keys, comments, block scalars and a duplicate key far from its first use.
func bigMapping(n int) string {
	var b strings.Builder
	b.WriteString("# generated\n\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "\"ds_{name}_%05d\":\n  type: pandas.CSVDataset\n  filepath: data/{name}/%d.csv\n  load_args: {sep: ',', header: %d}\n  notes: |\n    line one\n    line two %d\n# comment %d\n", i, i, i%3, i, i)
	}
	b.WriteString("\"ds_{name}_00007\":\n  type: MemoryDataset\n")
	return b.String()
}

func TestChunkedParseMatchesWholeParse(t *testing.T) {
	src := []byte(bigMapping(3000))
	if len(src) < chunkMin {
		t.Fatalf("test file too small: %d bytes", len(src))
	}
	var dc, dw diag.List
	chunked, ok := parseChunked("f.yml", src, OmegaConf, &dc)
	if !ok {
		t.Fatal("the file was not parsed in pieces")
	}
	whole := parseWhole("f.yml", src, OmegaConf, &dw)
	if !reflect.DeepEqual(chunked, whole) {
		t.Fatal("pieces and whole-file parse differ")
	}
	if !reflect.DeepEqual(dc.Items(), dw.Items()) || len(dc.Items()) != 1 {
		t.Fatalf("findings differ:\npieces: %v\nwhole:  %v", dc.Items(), dw.Items())
	}
}

// Whatever the file, a parse in pieces either declines or gives exactly the
// whole-file result.
func TestChunkedParseIsExactOrDeclines(t *testing.T) {
	big := bigMapping(3000)
	cases := map[string]struct {
		src    string
		pieces bool
	}{
		"anchor":            {"_t: &t {a: 1}\n" + big, true},
		"anchors used":      {"_t: &t {a: 1}\n_u: &u\n  <<: *t\n  b: [*t, *t]\n" + strings.ReplaceAll(big, "type: pandas.CSVDataset", "<<: *u") + "z: *t\n_t: again\n", true},
		"late anchor":       {big + "_t: &t {a: 1}\nz: *t\n", false},
		"anchor in piece":   {big[:len(big)/2] + "_t: &t {a: 1}\n" + big[len(big)/2:], false},
		"unknown alias":     {"_t: &t {a: 1}\n" + big + "z: *nope\n", false},
		"bad tag in anchor": {"_t: &t !!int abc\n" + big + "z: *t\n", true},
		"compact list":      {big + "z:\n- 1\n- 2\n", false},
		"second document":   {big + "---\nb: 1\n", false},
		"tab":               {big + "t:\n\tx: 1\n", false},
		// A quoted string running over a cut must not be split apart (the
		// pieces do not parse, so it declines).
		"multiline quote":           {strings.Replace(big, "\"ds_{name}_01500\":", "q: \"first\n\"ds_{name}_01500\": x\"\n\"ds_{name}_01500\":", 1), false},
		"multiline quote in prefix": {"_t: &t \"first\n\"ds_{name}_01500\": x\"\n" + big, false},
	}
	for name, c := range cases {
		var dc, dw diag.List
		got, ok := parseChunked("f.yml", []byte(c.src), OmegaConf, &dc)
		if ok && !c.pieces {
			t.Errorf("%s: parsed in pieces, want the whole-file parse", name)
		}
		if !ok {
			if c.pieces {
				t.Errorf("%s: not parsed in pieces", name)
			}
			continue
		}
		want := parseWhole("f.yml", []byte(c.src), OmegaConf, &dw)
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(dc.Items(), dw.Items()) {
			t.Errorf("%s: pieces differ from the whole-file parse", name)
		}
	}
}

// Line breaks YAML counts but a newline count does not (lone CR, NEL,
// U+2028/9), and a top-level merge key, would make pieces disagree with
// the whole-file parse (positions, a false duplicate): such files decline.
func TestChunkedParseDeclinesOtherLineBreaksAndMerge(t *testing.T) {
	big := bigMapping(3000)
	for name, src := range map[string]string{
		"lone CR":  "a: 1\rb: 2\n" + big,
		"NEL":      "a: \"x\u0085y\"\n" + big,
		"U+2028":   "a: \"x\u2028y\"\n" + big,
		"U+2029":   "a: \"x\u2029y\"\n" + big,
		"top <<":   "<<: {\"ds_{name}_02999\": {type: X}}\n" + big,
		"CRLF too": strings.ReplaceAll(big, "\n", "\r\n") + "a: \"x\ry\"\r\n",
	} {
		var d diag.List
		if _, ok := parseChunked("f.yml", []byte(src), OmegaConf, &d); ok {
			t.Errorf("%s: parsed in pieces, want the whole-file parse", name)
		}
	}
	var d diag.List
	if _, ok := parseChunked("f.yml", []byte(strings.ReplaceAll(big, "\n", "\r\n")), OmegaConf, &d); !ok {
		t.Error("a CRLF file should still be parsed in pieces")
	}
}

// The generated benchmark projects' catalogs (anchors at the top, merge
// keys in every entry) are parsed in pieces, with exactly the whole-file
// result, also with a duplicate key and a bad tag placed far apart.
func TestChunkedParseOfSynthCatalogs(t *testing.T) {
	files := synth.Files(synth.Options{Datasets: 20000, Params: 100, Factories: 8, Seed: 1})
	pieces := 0
	for name, text := range files {
		if !strings.Contains(name, "catalog") {
			continue
		}
		for _, src := range []string{text, text + "_raw_csv: {type: X}\nz: !!int x\n"} {
			var dc, dw diag.List
			got, ok := parseChunked(name, []byte(src), OmegaConf, &dc)
			if !ok {
				continue
			}
			pieces++
			want := parseWhole(name, []byte(src), OmegaConf, &dw)
			if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(dc.Items(), dw.Items()) {
				t.Errorf("%s: pieces differ from the whole-file parse", name)
			}
		}
	}
	if pieces < 2 {
		t.Errorf("only %d catalogs parsed in pieces", pieces)
	}
}

// A parse that declines leaves the findings to the whole-file parse: the
// pieces accepted before the one that failed must not have added theirs.
func TestChunkedDeclineAddsNoFindings(t *testing.T) {
	src := []byte("first:\n  x: 1\n  x: 2\n" + bigMapping(3000) + "last: [unclosed\n")
	var d diag.List
	if _, ok := parseChunked("f.yml", src, OmegaConf, &d); ok {
		t.Fatal("a file ending in a syntax error was parsed in pieces")
	}
	if d.Len() != 0 {
		t.Fatalf("a declined parse added %d findings: %v", d.Len(), d.Items())
	}
	// What the user sees is the whole-file parse's: the syntax error alone.
	var got, want diag.List
	ParseDialect("f.yml", src, OmegaConf, &got)
	parseWhole("f.yml", src, OmegaConf, &want)
	if !reflect.DeepEqual(got.Items(), want.Items()) || got.Len() != want.Len() {
		t.Fatalf("findings differ from the whole-file parse:\ngot:  %v\nwant: %v", got.Items(), want.Items())
	}
}
