package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pyproject"
	"github.com/kfc-dev/kfc/internal/esc"
	"github.com/kfc-dev/kfc/lint"
)

// RulesCmd lists the rules with the severity their findings get: the
// default, or, run inside a project, what its [tool.kfc] or .kfc.yaml
// settings make of it.
type RulesCmd struct{}

func (RulesCmd) Run(e *env) error {
	root := findProjectRoot(e.cwd)
	pp, _ := pyproject.Read(root)
	s := lint.ReadSettings(root, pp) // bad settings are kfc vet's findings
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, r := range lint.Rules() {
		sev := s.Level(r.Name, r.Severity)
		var why []string
		if sev != r.Severity.String() {
			why = append(why, "default "+r.Severity.String())
		}
		if globs := s.PathIgnores(r.Name); len(globs) > 0 && r.Severity != diag.Error {
			why = append(why, "off in "+strings.Join(globs, ", "))
		}
		if len(why) > 0 {
			sev += " (" + strings.Join(why, "; ") + "; " + s.File + ")"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\n", esc.Text(r.Name), esc.Text(sev), esc.Text(r.Doc))
	}
	return w.Flush()
}
