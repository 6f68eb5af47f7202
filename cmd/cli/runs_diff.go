package cli

import (
	"context"
	"fmt"
	"sort"
	"text/tabwriter"

	"github.com/kfc-dev/kfc/internal/esc"
	"github.com/kfc-dev/kfc/internal/py"
	"github.com/kfc-dev/kfc/runtime/tracking"
)

type diffRow struct {
	Kind    string `json:"kind"` // param | metric
	Name    string `json:"name"`
	Old     string `json:"old"`
	New     string `json:"new"`
	Change  string `json:"change,omitempty"`
	Changed bool   `json:"changed"`
}

// diffRuns compares params (as text) and latest metric values, as `dvc
// params diff` and `dvc metrics diff` do; a missing side is "-".
func diffRuns(a, b *tracking.Run, all bool) []diffRow {
	var rows []diffRow
	pa, pb := map[string]string{}, map[string]string{}
	for _, p := range a.Params {
		pa[p.Key] = p.Value
	}
	for _, p := range b.Params {
		pb[p.Key] = p.Value
	}
	for _, k := range unionKeys(pa, pb) {
		o, okA := pa[k]
		n, okB := pb[k]
		if !okA {
			o = "-"
		}
		if !okB {
			n = "-"
		}
		changed := okA != okB || o != n
		if changed || all {
			rows = append(rows, diffRow{Kind: "param", Name: k, Old: o, New: n, Changed: changed})
		}
	}
	ma, mb := map[string]float64{}, map[string]float64{}
	for _, m := range a.Metrics {
		ma[m.Key] = m.Value
	}
	for _, m := range b.Metrics {
		mb[m.Key] = m.Value
	}
	for _, k := range unionKeys(ma, mb) {
		o, okA := ma[k]
		n, okB := mb[k]
		row := diffRow{Kind: "metric", Name: k, Old: "-", New: "-"}
		if okA {
			row.Old = py.FloatRepr(o)
		}
		if okB {
			row.New = py.FloatRepr(n)
		}
		row.Changed = okA != okB || row.Old != row.New
		if okA && okB && row.Changed {
			d := n - o
			row.Change = py.FloatRepr(d)
			if d > 0 {
				row.Change = "+" + row.Change
			}
		}
		if row.Changed || all {
			rows = append(rows, row)
		}
	}
	return rows
}

func unionKeys[V any](a, b map[string]V) []string {
	seen := map[string]bool{}
	for k := range a {
		seen[k] = true
	}
	for k := range b {
		seen[k] = true
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (c *RunsDiffCmd) Run(e *env) error {
	st, _, err := openReadStore(e, c.StoreFlags)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	a, _, err := findRun(ctx, st, c.RunA)
	if err != nil {
		return err
	}
	b, _, err := findRun(ctx, st, c.RunB)
	if err != nil {
		return err
	}
	rows := diffRuns(a, b, c.All)
	if c.Format == "json" {
		if rows == nil {
			rows = []diffRow{}
		}
		return writeJSONOut(e.stdout, map[string]any{"old": a.Info.RunID, "new": b.Info.RunID, "rows": rows})
	}
	if len(rows) == 0 {
		fmt.Fprintf(e.stdout, "no param or metric differs between %s and %s\n", esc.Text(shortID(a.Info.RunID)), esc.Text(shortID(b.Info.RunID)))
		return nil
	}
	w := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	la, lb := a.Info.RunName, b.Info.RunName
	if la == "" || lb == "" || la == lb {
		la, lb = shortID(a.Info.RunID), shortID(b.Info.RunID)
	}
	fmt.Fprintf(w, "\tKIND\tNAME\t%s\t%s\tCHANGE\n", esc.Text(la), esc.Text(lb))
	for _, r := range rows {
		mark := ""
		if r.Changed {
			mark = "*"
		}
		change := r.Change
		if change == "" {
			change = "-"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", mark, r.Kind, esc.Text(r.Name), oneLine(r.Old), oneLine(r.New), esc.Text(change))
	}
	return w.Flush()
}

// shortID is a run id's first 8 characters (a store MLflow did not write
// may hold a shorter one).
func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}
