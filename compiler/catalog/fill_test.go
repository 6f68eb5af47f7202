package catalog

import (
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/tree"
)

// TestFillIsCloneAndSubstitute: fill answers what copying the pattern's
// config and filling every string in place answered (the same JSON and the
// same first error), leaves the pattern's config as written, and shares
// the subtrees with nothing to fill.
func TestFillIsCloneAndSubstitute(t *testing.T) {
	c, diags := build(t, `
"{ns}.{name}":
  type: pandas.CSVDataset
  filepath: data/{ns}/{name}.csv
  load_args: {sep: ",", columns: ["{name}_id", id, 3, {deep: "{ns}"}]}
  metadata: {kedro-viz: {layer: raw}}
  save_args: [a, b]
"{ns}#{name}":
  type: pandas.CSVDataset
  filepath: data/{ns}/{name}.csv
  note: "{nothere}"
  other: "{ns:q}"
`, "")
	if !strings.Contains(strings.Join(diags, "\n"), "{nothere}") {
		t.Fatalf("diagnostics %v: want those of the pattern that cannot be filled", diags)
	}
	for _, name := range []string{"raw.cars", "x#y"} {
		var p *Pattern
		for _, q := range c.Patterns {
			if q.matches(name) {
				p = q
				break
			}
		}
		vals, ok, err := p.prog.captures(name)
		if !ok || err != nil {
			t.Fatalf("%s: %v %v", name, ok, err)
		}
		before := string(p.Config.JSON(""))
		// What resolve did before fill: a clone, filled in place.
		want := p.Config.Clone()
		var wantErr error
		walkStrings(want, func(s *tree.Node) {
			if !strings.Contains(s.Text, "}") {
				return
			}
			out, ferr := formatOutside(s.Text, vals)
			if ferr != nil {
				if wantErr == nil {
					wantErr = ferr
				}
				return
			}
			s.Text = out
		})
		if (wantErr != nil) != (name == "x#y") {
			t.Fatalf("%s: error %v: the test expects one for x#y only", name, wantErr)
		}
		var gotErr error
		got := fill(p.Config, vals, &gotErr)
		if string(got.JSON("")) != string(want.JSON("")) {
			t.Errorf("%s: fill %s, want %s", name, got.JSON(""), want.JSON(""))
		}
		if (gotErr == nil) != (wantErr == nil) || gotErr != nil && !strings.HasSuffix(gotErr.Error(), wantErr.Error()) {
			t.Errorf("%s: error %v, want %v", name, gotErr, wantErr)
		}
		if string(p.Config.JSON("")) != before {
			t.Errorf("%s: the pattern's config changed: %s", name, string(p.Config.JSON("")))
		}
		if got == p.Config {
			t.Errorf("%s: the filled config is the pattern's", name)
		}
		if md := p.Config.Get("metadata"); md != nil && got.Get("metadata") != md {
			t.Errorf("%s: metadata, with nothing to fill, was copied", name)
		}
	}
}
