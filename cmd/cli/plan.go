package cli

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/internal/esc"
	"github.com/kfc-dev/kfc/internal/safefs"
	"github.com/kfc-dev/kfc/schema"
)

// PlanCmd groups commands that read plan files.
type PlanCmd struct {
	Diff     PlanDiffCmd     `cmd:"" help:"List what changed between two plans and which nodes that invalidates."`
	Validate PlanValidateCmd `cmd:"" help:"Check a plan file against the plan schema (#Plan, the source of kfc schema plan) and its hashes."`
}

// PlanDiffCmd is `kfc plan diff OLD NEW`.
type PlanDiffCmd struct {
	Old      string `arg:"" help:"The earlier plan (JSON file)."`
	New      string `arg:"" help:"The later plan (JSON file)."`
	Format   string `short:"f" enum:"text,json" default:"text" help:"text or json."`
	ExitCode bool   `name:"exit-code" help:"Exit 1 when the plans differ (as git diff --exit-code)."`
}

func (c *PlanDiffCmd) Run(e *env) error {
	old, err := readPlan(c.Old)
	if err != nil {
		return err
	}
	cur, err := readPlan(c.New)
	if err != nil {
		return err
	}
	d := plan.Compare(old, cur)
	if c.Format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(d); err != nil {
			return err
		}
	} else {
		plan.WriteDiffText(e.stdout, d)
	}
	if c.ExitCode && !d.Empty() {
		return &exitError{code: ExitFindings}
	}
	return nil
}

// PlanValidateCmd is `kfc plan validate FILE...`.
type PlanValidateCmd struct {
	Files []string `arg:"" name:"file" help:"Plan files."`
}

func (c *PlanValidateCmd) Run(e *env) error {
	bad := false
	for _, f := range c.Files {
		if _, err := readPlan(f); err != nil {
			var ee *exitError
			if errors.As(err, &ee) && ee.msg != "" {
				fmt.Fprintf(e.stderr, "kfc: %s\n", esc.Text(ee.msg))
				bad = true
				continue
			}
			return err
		}
	}
	if bad {
		return &exitError{code: ExitFindings}
	}
	return nil
}

// readPlan reads a plan file, checks it against the JSON Schema and
// checks its hashes, so a hand-edited plan is never taken for a built one.
// Any failure is unreadable input (exit 2); `plan validate`, whose
// findings these are, turns them into exit 1.
func readPlan(path string) (*plan.Plan, error) {
	b, err := safefs.ReadArg(path)
	if err != nil {
		return nil, &exitError{code: ExitUsage, msg: err.Error()}
	}
	if err := schema.CheckPlan(b); err != nil {
		return nil, planFileError(path, err)
	}
	return decodePlan(path, b)
}

// decodePlan decodes a plan that passed the #Plan check and checks its
// hashes.
func decodePlan(path string, b []byte) (*plan.Plan, error) {
	p, err := plan.Decode(b)
	if err != nil {
		return nil, &exitError{code: ExitUsage, msg: fmt.Sprintf("%s: not a valid plan: %v", path, err)}
	}
	if err := p.Verify(); err != nil {
		return nil, &exitError{code: ExitUsage, msg: fmt.Sprintf("%s: %v", path, err)}
	}
	return p, nil
}
