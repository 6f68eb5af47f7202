package interp

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// sharedCases are strings at the edges of splitFlat: escapes, nesting,
// dicts, quotes, brackets, stray braces and dollars, errors inside and
// outside an interpolation, the same interpolation at other offsets.
var sharedCases = []string{
	"${a}", "x${a}", "${a}y", "x${a}y${b}z", "${a}${a}", "${globals:paths.raw}/r_1.csv",
	"s3://${globals:bucket}/${_root}/01_raw/x.csv", "${ a }", "${  globals:x, 1 }",
	"${oc.select:a,1}", "${oc.select:a, [1, 2]}", "${a[0]}", "${a.b[c]}", "${..a}", "${.a}",
	"$", "$x${a}", "x$${a}", "${a}$", "}${a}{", "{${a}}", "a}b${c}", "${a}}", "${a",
	"${}", "${:}", "${a:}", "${a:b:c}", "${a,b}", "${a b}", "${a.}", "${.}", "${[a]}",
	`\${a}`, `\\${a}`, `x\y${a}`, `x\\y${a}`, `${a}\`, `${a}\\`, "${a:'q'}", `${a:"q"}`,
	"${a:{b: 1}}", "${a:${b}}", "${${a}}", "${a.${b}}", "${oc.decode:'[1, ${b}]'}",
	"${oc.env:HOME,/tmp}", "${runtime_params:p, 3}", "${globals:g.x, 2}x${globals:g.x, 2}",
	"${custom:1,2}", "${a:1.5,true,null,-3,x/y}", "${a:,}", "${a:,,b}", "${a:[}", "${a:]}",
	"${a:\\,}", "${a:x\\ y}", "${\t a\t}", "${a\t}", "${a:b }", "x ${a} y ${a:b} z",
}

// sharedInputs are sharedCases plus every line (and the value after each
// "key: ") of the OmegaConf archive, the fuzz seeds and the corpus YAML.
func sharedInputs(t *testing.T) []string {
	var texts []string
	if b, err := os.ReadFile("testdata/omegaconf.txtar"); err == nil {
		texts = append(texts, string(b))
	}
	_ = filepath.WalkDir("testdata/fuzz", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			for _, l := range strings.Split(string(b), "\n") {
				if q, ok := strings.CutPrefix(l, "string("); ok {
					if s, err := strconv.Unquote(strings.TrimSuffix(q, ")")); err == nil {
						texts = append(texts, s)
					}
				}
			}
		}
		return nil
	})
	_ = filepath.WalkDir("../../../shared/corpus", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml")) {
			b, _ := os.ReadFile(p)
			texts = append(texts, string(b))
		}
		return nil
	})
	out := append([]string{}, sharedCases...)
	for _, text := range texts {
		for _, l := range strings.Split(text, "\n") {
			out = append(out, l, strings.TrimSpace(l))
			if _, v, ok := strings.Cut(l, ": "); ok {
				out = append(out, v, strings.Trim(v, `'"`))
			}
		}
	}
	keep := out[:0]
	for _, s := range out {
		if strings.Contains(s, "${") {
			keep = append(keep, s)
		}
	}
	if len(keep) < 200 {
		t.Fatalf("only %d inputs", len(keep))
	}
	return keep
}

// TestParseSharedEqualsParse: the split parse gives the whole parser's
// text or error, with a cache shared by every input (as in one Resolve),
// and again once the cache holds all of them.
func TestParseSharedEqualsParse(t *testing.T) {
	inputs := sharedInputs(t)
	seen := map[string]*interp{}
	split := 0
	for round := range 2 {
		for _, s := range inputs {
			want, wantErr := parseValue(s)
			got, gotErr := parseShared(s, seen)
			if g, w := dump(got, gotErr), dump(want, wantErr); g != w {
				t.Fatalf("round %d, %q:\n got %s\nwant %s", round, s, g, w)
			}
		}
	}
	for _, s := range inputs {
		toks, err := lex(s, modeDefault)
		if err == nil && splitFlat(s, toks, map[string]*interp{}) != nil {
			split++
		}
	}
	t.Logf("%d inputs, %d split, %d distinct interpolations", len(inputs), split, len(seen))
	if split == 0 || split == len(inputs) {
		t.Fatalf("%d of %d inputs split: the test does not reach both paths", split, len(inputs))
	}
}

// FuzzParseShared compares the two parses on arbitrary strings, each
// also placed after a prefix so its interpolations move.
func FuzzParseShared(f *testing.F) {
	for _, s := range sharedCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		seen := map[string]*interp{}
		for _, in := range []string{s, "p/" + s, s + s} {
			want, wantErr := parseValue(in)
			got, gotErr := parseShared(in, seen)
			if g, w := dump(got, gotErr), dump(want, wantErr); g != w {
				t.Fatalf("%q:\n got %s\nwant %s", in, g, w)
			}
		}
	})
}

// dump spells out a parse result, following pointers (reflect.DeepEqual
// would call two NaN literals different).
func dump(vals ...any) string {
	var b strings.Builder
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if v.IsNil() {
				b.WriteString("nil")
				return
			}
			b.WriteString("&")
			walk(v.Elem())
		case reflect.Struct:
			b.WriteString(v.Type().Name() + "{")
			for i := range v.NumField() {
				b.WriteString(v.Type().Field(i).Name + ":")
				walk(v.Field(i))
				b.WriteString(" ")
			}
			b.WriteString("}")
		case reflect.Slice, reflect.Array:
			b.WriteString("[")
			for i := range v.Len() {
				walk(v.Index(i))
				b.WriteString(" ")
			}
			b.WriteString("]")
		case reflect.Map:
			b.WriteString("map[" + strconv.Itoa(v.Len()) + "]") // parse results hold none
		case reflect.String:
			b.WriteString(strconv.Quote(v.String()))
		case reflect.Float32, reflect.Float64:
			b.WriteString(strconv.FormatFloat(v.Float(), 'g', -1, 64))
		default:
			fmt.Fprint(&b, v)
		}
	}
	for _, v := range vals {
		walk(reflect.ValueOf(v))
		b.WriteString("; ")
	}
	return b.String()
}
