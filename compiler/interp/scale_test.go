package interp

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// The budget in force before it scaled with the input.
const oldFixedWork, oldFixedCopies = 16_000_000, 500_000

// scaleCatalog is a clean catalog in the generated projects' shape: entries
// that merge an anchored template, take their folder from globals and copy
// a template's load_args through a reference.
func scaleCatalog(entries int) string {
	var b strings.Builder
	b.Grow(entries * 190)
	b.WriteString("_csv: &csv\n  type: pandas.CSVDataset\n  load_args: {sep: ',', header: 0, encoding: utf-8}\n")
	b.WriteString("_int_dir: ${globals:paths.inter}\n")
	for i := range entries {
		fmt.Fprintf(&b, "int_%07d:\n  <<: *csv\n  filepath: ${globals:paths.inter}/${_int_dir}/part_%07d.csv\n  load_args: ${_csv.load_args}\n  metadata: {src: '${..filepath}'}\n", i, i)
	}
	return b.String()
}

// A clean catalog large enough to spend more than the old fixed budget
// resolves with no finding: the budget grows with the configuration.
func TestLargeCleanCatalogHasNoLimitFinding(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	const entries = 90_000 // the fixed budget ran out at about 83,000 (copies) and 92,000 (work)
	var d diag.List
	start := time.Now()
	root := tree.Parse("conf/base/catalog.yml", []byte(scaleCatalog(entries)), &d)
	t.Logf("parsed in %v", time.Since(start))
	globals := tree.Parse("conf/base/globals.yml", []byte("paths: {inter: data/02_intermediate/some/longer/folder/name}\n"), &d)
	if d.Len() > 0 {
		t.Fatal(d.Items())
	}
	out, r := resolve(root, Options{Key: "catalog", Globals: globals}, &d)
	if d.Len() > 0 {
		t.Fatalf("findings on a clean catalog: %v", d.Items()[:1])
	}
	if r.work <= oldFixedWork && r.copied <= oldFixedCopies {
		t.Fatalf("work %d, copies %d: the catalog no longer reaches the old fixed budget, so this test proves nothing", r.work, r.copied)
	}
	if got := out.Lookup(fmt.Sprintf("int_%07d", entries-1), "filepath"); got == nil || !strings.HasSuffix(got.Text, "/part_0089999.csv") {
		t.Fatalf("last entry not resolved: %+v", got)
	}
	t.Logf("work %d (%.1f per unit), copies %d; budgets %d, %d", r.work, float64(r.work)*workPerUnit/float64(r.maxWork), r.copied, r.maxWork, r.maxCopies)
}

// A small exponential config still stops at the floor, quickly, with the
// same positioned finding as before the budget scaled.
func TestSmallBombStopsAtTheFloor(t *testing.T) {
	var dbl strings.Builder
	dbl.WriteString("s0: xxxxxxxxxxxxxxxx\n")
	for i := 1; i < 40; i++ {
		fmt.Fprintf(&dbl, "s%d: ${s%d}${s%d}\n", i, i-1, i-1)
	}
	start := time.Now()
	_, diags := resolveYAML(t, dbl.String(), Options{Key: "parameters"})
	want := "20:12 interp.Limit: " + limitMessage
	if len(diags) != 1 || diags[0] != want {
		t.Fatalf("got %q, want [%q]", diags, want)
	}
	var d diag.List
	root := tree.Parse("x.yml", []byte(dbl.String()), &d)
	_, r := resolve(root, Options{Key: "parameters"}, &d)
	if r.maxWork != minWork || r.work > r.maxWork+1<<22 {
		t.Errorf("a 40-line bomb spent %d of %d units", r.work, r.maxWork)
	}
	if el := time.Since(start); el > 20*time.Second { // a hang guard
		t.Errorf("took %v", el)
	}
}

// A bomb inside a large config stops after a few passes' worth of work,
// not an exponential amount.
func TestBombInLargeConfigStops(t *testing.T) {
	src := scaleCatalog(5_000) + "b0: [1, 2, 3, 4, 5, 6, 7, 8]\n"
	for i := 1; i < 40; i++ {
		src += fmt.Sprintf("b%d: ['${b%d}', '${b%d}', '${b%d}', '${b%d}']\n", i, i-1, i-1, i-1, i-1)
	}
	var d diag.List
	root := tree.Parse("conf/base/catalog.yml", []byte(src), &d)
	globals := tree.Parse("conf/base/globals.yml", []byte("paths: {inter: data/02_intermediate}\n"), &d)
	_, r := resolve(root, Options{Key: "catalog", Globals: globals}, &d)
	items := d.Items()
	if len(items) != 1 || items[0].Code != CodeLimit {
		t.Fatalf("want one limit finding, got %v", items)
	}
	if r.maxCopies <= minCopies {
		t.Fatalf("copies budget %d: the config is too small to test a scaled budget", r.maxCopies)
	}
	if r.copied > r.maxCopies+1<<20 {
		t.Errorf("copied %d nodes past a budget of %d", r.copied, r.maxCopies)
	}
}
