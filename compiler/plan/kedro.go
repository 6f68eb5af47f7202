package plan

import (
	"path/filepath"
	"strings"

	"github.com/kfc-dev/kfc/compiler/pipeline"
)

// kedro renders a `kedro:` node: the call as Kedro's node() holds it,
// with the node's final names, and the digests of the files its function
// is imported from.
func (r *renderer) kedro(n *pipeline.Node) (Command, error) {
	k := n.Kedro
	cmd := &KedroCommand{
		Function: k.Function,
		Inputs:   RawValue(compact(n.KedroInputs())),
		Outputs:  RawValue(compact(n.KedroOutputs())),
		Confirms: append([]string(nil), n.Confirms...),
		Sources:  r.sources(k.Function),
	}
	return Command{Kedro: cmd}, nil
}

// sources finds the module of function ("pkg.mod:func") under the
// project's source folder (then its root) and returns the module's file
// and every package __init__.py above it, with their digests. A module
// kfc cannot find is an installed library's: nothing is returned.
func (r *renderer) sources(function string) []SourceFile {
	module, _, _ := strings.Cut(function, ":")
	if got, ok := r.sourceCache[module]; ok {
		return got
	}
	var out []SourceFile
	for _, base := range []string{r.sourceDir, ""} {
		if out = r.moduleFiles(base, module); out != nil {
			break
		}
	}
	if r.sourceCache == nil {
		r.sourceCache = map[string][]SourceFile{}
	}
	r.sourceCache[module] = out
	return out
}

func (r *renderer) moduleFiles(base, module string) []SourceFile {
	parts := strings.Split(module, ".")
	dir := filepath.ToSlash(filepath.Clean(filepath.Join(base, filepath.Join(parts...))))
	var last string
	switch {
	case r.isFile(dir + ".py"):
		last = dir + ".py"
	case r.isFile(dir + "/__init__.py"):
		last = dir + "/__init__.py"
	default:
		return nil
	}
	var out []SourceFile
	for i := 1; i < len(parts); i++ {
		init := filepath.ToSlash(filepath.Join(base, filepath.Join(parts[:i]...), "__init__.py"))
		if f, ok := r.digest(init); ok {
			out = append(out, f)
		}
	}
	if f, ok := r.digest(last); ok {
		out = append(out, f)
	}
	return out
}

func (r *renderer) isFile(rel string) bool {
	st, err := r.disk.Stat(filepath.Join(r.root, filepath.FromSlash(rel)))
	return err == nil && st.Mode().IsRegular()
}

func (r *renderer) digest(rel string) (SourceFile, bool) {
	b, err := r.disk.ReadFile(filepath.Join(r.root, filepath.FromSlash(rel)))
	if err != nil {
		return SourceFile{}, false
	}
	return SourceFile{Path: rel, Digest: sum(b)}, true
}
