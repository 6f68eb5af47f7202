package schema

import (
	"fmt"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// TestCleanCacheChangesNothing checks entries that share anchored
// subtrees, clean and not, with the clean cache (a WithResolver copy, as
// lint uses) and without it: the same findings, repeats included, and the
// cache did serve.
// (A clean verdict that leaked onto &bad would drop its findings.)
func TestCleanCacheChangesNothing(t *testing.T) {
	src := "_good: &good {mode: append, step: 1}\n_bad: &bad {mode: sideways, step: x}\n"
	for i := range 6 {
		args := []string{"save_args: *good", "save_args: *bad", "load_args: *good", "save_args: {mode: overwrite}"}[i%4]
		src += fmt.Sprintf("m%d: {type: kedro_mlflow.io.metrics.MlflowMetricDataset, key: k, %s}\n", i, args)
	}
	entries := parsedEntries(t, 300)
	var parse diag.List
	root := tree.Parse("catalog.yml", []byte(src), &parse)
	if parse.Len() > 0 {
		t.Fatal(parse.Items())
	}
	for _, p := range root.Pairs {
		if p.Key[0] != '_' {
			entries = append(entries, p.Value)
		}
	}
	base := mustLoad(t)
	cached, plain := base.WithResolver(nil), base.derive(base.value)
	if plain.clean != nil || cached.clean == nil {
		t.Fatal("only a WithResolver copy keeps clean subtrees")
	}
	var got, want diag.List
	checkAll(cached, entries, &got)
	checkAll(plain, entries, &want)
	if g, w := fmt.Sprint(got.Items()), fmt.Sprint(want.Items()); g != w {
		t.Fatalf("with the cache:\n%s\nwithout:\n%s", g, w)
	}
	bad := 0
	for _, d := range want.Items() {
		if d.Code == CodeArgumentType && d.Pos.Line == 2 {
			bad++
		}
	}
	if bad != 2 { // mode and step (the two aliases give the same findings, which a List keeps once)
		t.Fatalf("want the anchor's two findings, got %d: %v", bad, want.Items())
	}
	if len(cached.clean) == 0 {
		t.Fatal("the cache kept nothing")
	}
}
