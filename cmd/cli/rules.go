package cli

import (
	"fmt"
	"text/tabwriter"

	"github.com/kfc-dev/kfc/internal/esc"
	"github.com/kfc-dev/kfc/lint"
)

// RulesCmd lists the rules.
type RulesCmd struct{}

func (RulesCmd) Run(e *env) error {
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, r := range lint.Rules() {
		fmt.Fprintf(w, "%s\t%s\t%s\n", esc.Text(r.Name), r.Severity, esc.Text(r.Doc))
	}
	return w.Flush()
}
