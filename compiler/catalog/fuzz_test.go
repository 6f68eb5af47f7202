package catalog

import (
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// No input makes the matcher, the formatter or the catalog panic.
func FuzzMatch(f *testing.F) {
	for _, s := range [][2]string{
		{"{name}_csv", "cars_csv"}, {"{x:d}_{x:d}", "1_1"}, {"{a:=>5d}{b:^3}", "==12abc"},
		{"x{1,2}{a[k]}", "xx"}, {"{a.b}{{c}}", "q{c}"}, {"{:.3}{}", "abcd"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, name string) {
		Match(pattern, name)
		formatMap(pattern, map[string]value{"name": {text: name}})
		Specificity(pattern)
		StripTranscoding(name)
		ResolveType(pattern)
		LegacyType(pattern)
	})
}

func FuzzCatalog(f *testing.F) {
	f.Add("\"{a}_{b}\": {type: x, filepath: \"{a}/{b}}\", credentials: c}\n\"{x}\": {type: y}\n\"{y}\": 1\n", "a_b@c")
	f.Add("a: {type: pandas.CSVDataSet, dataset: {credentials: [1]}}\n", "A")
	f.Fuzz(func(t *testing.T, src, name string) {
		var diags diag.List
		root := tree.Parse("catalog.yml", []byte(src), &diags)
		c := New(root, root, &diags)
		c.Resolve(name)
		for _, p := range c.Patterns {
			for _, q := range c.Patterns {
				p.Covers(q)
			}
		}
	})
}
