package plan

import (
	"fmt"
	"io"
	"strings"

	"github.com/kfc-dev/kfc/internal/esc"
)

// WriteDiffText prints d for people: one line per added (+), removed (-)
// or changed (~) item, the changed fields indented below it as
// `field: old -> new` (values as JSON, "(none)" when absent), then the
// nodes the change invalidates. Nothing is printed for identical plans.
func WriteDiffText(w io.Writer, d *Diff) {
	if len(d.Plan) > 0 {
		fmt.Fprintln(w, "plan")
		for _, c := range d.Plan {
			fmt.Fprintf(w, "  ~ %s\n", formatChange(c))
		}
	}
	writeSet(w, "nodes", d.Nodes)
	writeSet(w, "datasets", d.Datasets)
	if len(d.Invalidated) > 0 {
		fmt.Fprintf(w, "invalidated (%d): %s\n", len(d.Invalidated), esc.Text(strings.Join(d.Invalidated, ", ")))
	}
}

func writeSet(w io.Writer, title string, s SetDiff) {
	if s.empty() {
		return
	}
	fmt.Fprintln(w, title)
	for _, id := range s.Added {
		fmt.Fprintf(w, "  + %s\n", esc.Text(id))
	}
	for _, id := range s.Removed {
		fmt.Fprintf(w, "  - %s\n", esc.Text(id))
	}
	for _, it := range s.Changed {
		fmt.Fprintf(w, "  ~ %s\n", esc.Text(it.ID))
		for _, c := range it.Changes {
			fmt.Fprintf(w, "      %s\n", formatChange(c))
		}
		if len(it.Invalidates) > 0 {
			fmt.Fprintf(w, "      invalidates: %s\n", esc.Text(strings.Join(it.Invalidates, ", ")))
		}
	}
}

func formatChange(c Change) string {
	show := func(v RawValue) string {
		if len(v) == 0 {
			return "(none)"
		}
		return string(v)
	}
	return esc.Text(fmt.Sprintf("%s: %s -> %s", c.Field, show(c.Old), show(c.New)))
}
