package cli

import (
	"fmt"

	"github.com/kfc-dev/kfc/compiler/graph"
)

// GraphCmd is `kfc graph`: the selected pipeline as a drawing.
type GraphCmd struct {
	ProjectFlags
	SelectFlags
	Dir    string `arg:"" optional:"" name:"project" help:"Project directory (default: found from the working directory)."`
	Format string `short:"f" enum:"mermaid,markdown,dot" default:"mermaid" help:"mermaid (a flowchart, as GitHub renders it), markdown (the same in a mermaid code block) or dot (Graphviz)."`
}

func (c *GraphCmd) Run(e *env) error {
	p, _, err := buildPlan(e, c.Dir, c.ProjectFlags, c.SelectFlags)
	if err != nil {
		return err
	}
	g := graph.FromPlan(p)
	switch c.Format {
	case "dot":
		return graph.DOT(e.stdout, g)
	case "markdown":
		fmt.Fprintln(e.stdout, "```mermaid")
		if err := graph.Mermaid(e.stdout, g); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, "```")
		return nil
	}
	return graph.Mermaid(e.stdout, g)
}
