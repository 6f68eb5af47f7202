package engine

import (
	"strings"

	"github.com/kfc-dev/kfc/compiler/kedroimport"
	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/runtime/kedrorun"
)

// kedroCommand is how a kedro: node runs (docs/kedro.md#what-runs-where):
// the project's Python ($KFC_PYTHON, else python, else python3) on kfc's
// embedded runner, written once into the run folder, and the runner's
// standard input: the call, every dataset at the path this run uses (an
// output's staging path) and the credentials its entries reference.
func (r *run) kedroCommand(n *plan.Node, io nodeIO, staged map[string]string) (argv []string, stdin []byte, err error) {
	script, err := kedrorun.WriteScript(r.abs(r.runDir))
	if err != nil {
		return nil, nil, err
	}
	arts := make([]kedrorun.Artifact, 0, len(io.in)+len(io.out))
	for _, a := range io.in {
		arts = append(arts, kedrorun.Artifact{Name: a.name, Path: a.path, Dataset: a.d})
	}
	for _, a := range io.out {
		p := a.path
		if s, ok := staged[a.path]; ok {
			p = s
		}
		arts = append(arts, kedrorun.Artifact{Name: a.name, Path: p, Dataset: a.d})
	}
	stdin, err = kedrorun.Input(n, arts, r.opt.Secrets)
	if err != nil {
		return nil, nil, err
	}
	return []string{kedroimport.Python("", r.opt.Getenv), script}, stdin, nil
}

// kedroSourceChange reports whether a kedro node's recorded command
// differs from now only in its source digests: the function's file was
// edited.
func kedroSourceChange(n *plan.Node, recorded string) bool {
	if n.Command.Kedro == nil {
		return false
	}
	cut := func(s string) string { head, _, _ := strings.Cut(s, " [sources "); return head }
	now := kedrorun.Display(n.Command.Kedro)
	return now != recorded && strings.HasPrefix(recorded, "kedro ") && cut(now) == cut(recorded)
}
