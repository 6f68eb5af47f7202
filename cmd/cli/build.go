package cli

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pipeline"
	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/internal/esc"
	"github.com/kfc-dev/kfc/lint/report"
	"github.com/kfc-dev/kfc/project"
	"github.com/kfc-dev/kfc/schema"
)

// SelectFlags are `kedro run`'s node filters and run options; every list
// takes comma-separated values and may be repeated.
type SelectFlags struct {
	Pipeline     string   `short:"p" help:"Pipeline to build from (default: __default__)."`
	Pipelines    []string `placeholder:"A,B" help:"Pipelines to build from, summed (Kedro 1.5's --pipelines a,b)."`
	Nodes        []string `short:"n" help:"Only these nodes (full names)."`
	FromNodes    []string `help:"These nodes and everything downstream of them."`
	ToNodes      []string `help:"These nodes and everything upstream of them."`
	FromInputs   []string `help:"Nodes that depend, directly or not, on these datasets."`
	ToOutputs    []string `help:"Nodes these datasets depend on, directly or not."`
	Tags         []string `short:"t" help:"Nodes with any of these tags."`
	Namespaces   []string `help:"Nodes in these namespaces (or below them)."`
	LoadVersions []string `name:"load-versions" help:"Versions to load, as dataset:version."`
}

// BuildCmd is `kfc build`.
type BuildCmd struct {
	ProjectFlags
	SelectFlags
	EntryPointFlags
	Dir    string `arg:"" optional:"" name:"project" help:"Project directory (default: found from the working directory)."`
	Output string `short:"o" placeholder:"FILE" help:"Write the plan to FILE instead of stdout (- is stdout)."`
}

func (c *BuildCmd) Run(e *env) error {
	if err := c.EntryPointFlags.Check(c.ProjectFlags, c.SelectFlags); err != nil {
		return err
	}
	var p *plan.Plan
	var err error
	schema.WarmPlanCheck() // encodeChecked's, below
	if c.EntryPoint != "" {
		p, _, err = buildEntryPointPlan(e, c.Dir, c.ProjectFlags, c.EntryPointFlags)
	} else {
		p, _, err = buildPlan(e, c.Dir, c.ProjectFlags, c.SelectFlags)
	}
	if err != nil {
		return err
	}
	out, err := encodeChecked(p)
	if err != nil {
		return err
	}
	if c.Output == "" || c.Output == "-" { // "-" is stdout, as for most tools
		_, err = e.stdout.Write(out)
		return err
	}
	if err := writeFileAtomic(c.Output, out); err != nil {
		return &exitError{code: ExitUsage, msg: err.Error()}
	}
	return nil
}

// buildPlan loads and vets the project, refusing to go on when vet finds
// errors (printed to stderr exactly as `kfc vet` prints them), then
// compiles the plan.
func buildPlan(e *env, dir string, pf ProjectFlags, sf SelectFlags) (*plan.Plan, *project.Project, error) {
	loadVersions, err := parseLoadVersions(sf.LoadVersions)
	if err != nil {
		return nil, nil, err
	}
	if sf.Pipeline != "" && len(sf.Pipelines) > 0 {
		return nil, nil, usageErr("--pipeline and --pipelines cannot be used together (as in kedro run): give --pipelines %s", strings.Join(append([]string{sf.Pipeline}, splitList(sf.Pipelines)...), ","))
	}
	if dir == "" {
		dir = findProjectRoot(e.cwd)
	}
	if st, statErr := os.Stat(dir); statErr != nil || !st.IsDir() {
		return nil, nil, usageErr("%s is not a project directory", dir)
	}
	project.Warm()
	proj, err := project.Load(pf.options(e, dir))
	if err != nil {
		return nil, nil, &exitError{code: ExitUsage, msg: err.Error()}
	}
	opts := plan.Options{
		Pipeline: sf.pipeline(),
		Selection: plan.Selection{
			Nodes:      splitList(sf.Nodes),
			FromNodes:  splitList(sf.FromNodes),
			ToNodes:    splitList(sf.ToNodes),
			FromInputs: splitList(sf.FromInputs),
			ToOutputs:  splitList(sf.ToOutputs),
			Tags:       splitList(sf.Tags),
			Namespaces: splitList(sf.Namespaces),
		},
		LoadVersions: loadVersions,
		Params:       pf.Params,
		KfcVersion:   Version,
	}
	vetted, p, err := proj.Build(opts) // findings project-relative, as Blocking compares them
	if !project.Excusable(vetted) {    // an error no selection leaves out: refuse the plan
		return nil, nil, refuseOnUsed(e, proj, vetted, nil)
	}
	if err := refuseOnUsed(e, proj, vetted, p); err != nil {
		return nil, nil, err
	}
	var selErr *plan.SelectionError
	var buildErr *plan.BuildError
	switch {
	case errors.As(err, &selErr):
		for _, msg := range selErr.Problems {
			fmt.Fprintf(e.stderr, "kfc: %s\n", esc.Text(msg))
		}
		return nil, nil, &exitError{code: ExitUsage}
	case errors.As(err, &buildErr):
		for _, pr := range buildErr.Problems {
			if pr.Pos.IsZero() {
				fmt.Fprintf(e.stderr, "kfc: build: %s\n", esc.Text(pr.Message))
			} else {
				fmt.Fprintf(e.stderr, "%s: error: %s\n", esc.Text(displayPos(proj.Root(), e.cwd, pr.Pos)), esc.Text(pr.Message))
			}
		}
		return nil, nil, &exitError{code: ExitFindings}
	case err != nil:
		return nil, nil, err
	}
	return p, proj, nil
}

// refuseOnFindings prints vet's findings (after the project's suppression
// settings) to stderr and fails when any is an error.
func refuseOnFindings(e *env, proj *project.Project) error {
	return refuseOnUsed(e, proj, proj.Findings(project.View{}), nil)
}

// refuseOnUsed prints vet's findings (project-relative, as Blocking
// compares them) to stderr and fails when an error is in what plan p uses;
// with no plan (it did not compile, or was not compiled) every error counts.
func refuseOnUsed(e *env, proj *project.Project, vetted []diag.Diagnostic, p *plan.Plan) error {
	report.Text(e.stderr, project.Relativize(vetted, proj.Root(), e.cwd), nil, report.TextOptions{})
	if len(proj.Blocking(vetted, p)) > 0 {
		return &exitError{code: ExitFindings}
	}
	if n := len(proj.Blocking(vetted, nil)); n > 0 {
		fmt.Fprintf(e.stderr, "kfc: the %d %s above %s in catalog entries or parameters the selected nodes do not use: going on (docs/plan.md)\n",
			n, plural(n, "error", "errors"), plural(n, "is", "are"))
	}
	return nil
}

// splitList flattens repeated comma-separated flag values, dropping
// empty items.
// pipeline is the pipeline to build: --pipeline, or the --pipelines
// names joined with commas (repeats dropped), which plan.Compile sums.
func (s SelectFlags) pipeline() string {
	if len(s.Pipelines) == 0 {
		if s.Pipeline == "" {
			return pipeline.DefaultPipeline
		}
		return s.Pipeline
	}
	var names []string
	seen := map[string]bool{}
	for _, n := range splitList(s.Pipelines) {
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return pipeline.DefaultPipeline
	}
	return strings.Join(names, ",")
}

func splitList(in []string) []string {
	var out []string
	for _, v := range in {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// parseLoadVersions reads Kedro's --load-versions: dataset:version items,
// split on the first colon.
func parseLoadVersions(in []string) (map[string]string, error) {
	items := splitList(in)
	if len(items) == 0 {
		return nil, nil
	}
	out := map[string]string{}
	for _, it := range items {
		name, version, ok := strings.Cut(it, ":")
		if !ok || name == "" || version == "" {
			return nil, usageErr("--load-versions: %q is not dataset:version", it)
		}
		if prev, dup := out[name]; dup && prev != version {
			return nil, usageErr("--load-versions: two versions for %q: %s and %s", name, prev, version)
		}
		out[name] = version
	}
	return out, nil
}

// writeFileAtomic writes data to path through a temporary file in the same
// folder, so a reader never sees half a plan. A path that exists and is not
// a regular file (/dev/null, /dev/stdout, a pipe) is written to directly:
// renaming over it would replace the device with a file.
func writeFileAtomic(path string, data []byte) error {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		if st.IsDir() {
			return fmt.Errorf("%s is a directory", path)
		}
		return os.WriteFile(path, data, 0o644)
	}
	dir := "."
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		dir = path[:i+1]
	}
	f, err := os.CreateTemp(dir, ".kfc-plan-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
