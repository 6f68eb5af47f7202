package mlproject

import (
	"fmt"
	"strings"

	"github.com/kfc-dev/kfc/internal/py"
)

// Resolve returns the entry point `mlflow run -e name` runs: the declared
// one, else a script named by name (Project.get_entry_point): a .py file
// runs with python, a .sh file with the shell (MLflow bakes $SHELL's value
// in, falling back to bash; pass it as shell, "" meaning bash), a .R file
// through Rscript. The extension test is case-sensitive, as in MLflow.
// p may be nil for a project without an MLproject file.
func (p *Project) Resolve(name, shell string) (*EntryPoint, error) {
	if ep := p.EntryPoint(name); ep != nil {
		return ep, nil
	}
	if shell == "" {
		shell = "bash"
	}
	var cmd string
	switch pyExt(name) {
	case ".py":
		cmd = "python " + py.ShellQuote(name)
	case ".sh":
		cmd = shell + " " + py.ShellQuote(name)
	case ".R":
		cmd = `Rscript -e "mlflow::mlflow_source('` + py.ShellQuote(name) + `')" --args`
	default:
		var names []string
		if p != nil {
			for _, ep := range p.EntryPoints {
				names = append(names, py.Repr(ep.Name))
			}
		}
		return nil, fmt.Errorf("Could not find %s among entry points [%s] or interpret %s as a runnable script. Supported script file extensions: ['.py', '.sh']",
			name, strings.Join(names, ", "), name)
	}
	return &EntryPoint{Name: name, Command: cmd, HasCommand: true}, nil
}

// pyExt is os.path.splitext(name)[1] on POSIX: the text from the last dot
// of the last path element, unless that element only starts with dots.
func pyExt(name string) string {
	sep := strings.LastIndexByte(name, '/')
	dot := strings.LastIndexByte(name, '.')
	if dot <= sep {
		return ""
	}
	for i := sep + 1; i < dot; i++ {
		if name[i] != '.' {
			return name[dot:]
		}
	}
	return ""
}
