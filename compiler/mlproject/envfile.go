package mlproject

import (
	"errors"
	"io/fs"
	"path"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
	"github.com/kfc-dev/kfc/internal/py"
	"github.com/kfc-dev/kfc/internal/safefs"
	"github.com/kfc-dev/kfc/internal/suggest"
)

// Default environment files MLflow falls back to, in order, when the
// MLproject names none (mlflow/utils/environment.py, _project_spec.py).
const (
	DefaultPythonEnvFile = "python_env.yaml"
	DefaultCondaFile     = "conda.yaml"
)

var pythonEnvKeys = []string{"python", "build_dependencies", "dependencies"}

// EnvFile returns the project-relative path of the environment file
// `mlflow run` uses for p, its kind (EnvPython or EnvConda) and whether
// the MLproject names it; "" when there is none (docker, or no file).
// exists reports whether a project-relative path is present.
func (p *Project) EnvFile(exists func(rel string) bool) (rel, kind string, declared bool) {
	switch p.Env.Kind {
	case EnvPython, EnvConda:
		return p.Env.File, p.Env.Kind, true
	case EnvDocker:
		return "", "", false
	}
	dir := path.Dir(p.File)
	if f := path.Join(dir, DefaultPythonEnvFile); exists(f) {
		return f, EnvPython, false
	}
	if f := path.Join(dir, DefaultCondaFile); exists(f) {
		return f, EnvConda, false
	}
	return "", "", false
}

// CheckEnvFile checks the environment file `mlflow run` would use for p in
// the project directory root: a declared python_env/conda_env file must
// exist; a python_env file may hold only python (a string: `3.10` unquoted
// is the float 3.1), build_dependencies and dependencies (lists), as
// MLflow's _PythonEnv takes exactly those; a conda file must list its
// dependencies as strings or a {pip: [...]}. A python_env file without a
// python version gets an info note: MLflow then uses its own Python's.
func CheckEnvFile(p *Project, root string, diags *diag.List) {
	exists := func(rel string) bool {
		_, err := safefs.Stat(root, rel)
		return err == nil || errors.Is(err, safefs.ErrOutside)
	}
	rel, kind, declared := p.EnvFile(exists)
	if rel == "" {
		return
	}
	src, err := safefs.ReadFile(root, rel)
	if err != nil {
		at := p.Env.FilePos
		if !declared {
			at = diag.Pos{File: rel}
		}
		what := "conda environment file"
		if kind == EnvPython {
			what = "python_env file"
		}
		switch {
		case errors.Is(err, safefs.ErrOutside):
			// Named, never quoted: the file may be anyone's (/etc/passwd, a token).
			diags.Reportf(at, safefs.CodeOutside, "%s %s", what, safefs.Message(err))
		case errors.Is(err, fs.ErrNotExist):
			diags.Reportf(at, CodeEnvFile, "%s %s does not exist; MLflow fails: \"Project specified %s %s, but no such file was found.\"", what, rel, what, rel)
		case errors.Is(err, safefs.ErrNotRegular), errors.Is(err, safefs.ErrTooLarge):
			diags.Reportf(at, CodeEnvFile, "%s %s", what, safefs.Message(err))
		default:
			diags.Reportf(at, CodeEnvFile, "%s %s cannot be read: %v", what, rel, pathError(err))
		}
		return
	}
	var syntax diag.List
	doc := tree.ParseDialect(rel, src, tree.PyYAML, &syntax)
	for _, d := range syntax.Items() {
		d.Code = CodeEnvFile
		diags.Add(d)
	}
	if syntax.Len() > 0 {
		return
	}
	if kind == EnvPython {
		checkPythonEnv(rel, doc, diags)
	} else {
		checkConda(rel, doc, diags)
	}
}

// pathError drops the absolute path from an *fs.PathError.
func pathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func checkPythonEnv(rel string, doc *tree.Node, diags *diag.List) {
	file := diag.Pos{File: rel}
	if doc == nil || doc.Kind != tree.Map {
		diags.Reportf(docPos(doc, file), CodeEnvFile, "python_env file %s must be a mapping with python, build_dependencies and dependencies, not %s (MLflow fails with a TypeError)", rel, describeDoc(doc))
		return
	}
	for _, p := range doc.Pairs {
		switch p.Key {
		case "python":
			v := p.Value
			switch {
			case v != nil && v.Kind == tree.Float:
				diags.Reportf(v.Pos(), CodeEnvFile, "python: %s is read by YAML as the float %s, which MLflow rejects (TypeError); quote it: \"%s\"", v.Text, py.FloatRepr(v.Float), v.Text)
			case v == nil || v.Kind != tree.String || v.Text == "":
				diags.Reportf(valuePos(p), CodeEnvFile, "python must be a version string such as \"3.11\", not %s", describeEmpty(v))
			}
		case "build_dependencies", "dependencies":
			checkStringList(p, rel, diags)
		default:
			hint := ""
			if s := suggest.Closest(p.Key, pythonEnvKeys); s != "" {
				hint = " (did you mean " + s + "?)"
			}
			diags.Reportf(p.KeyPos(), CodeEnvFile, "unknown key %s in python_env file %s%s; MLflow fails with a TypeError (it takes python, build_dependencies and dependencies)", p.Key, rel, hint)
		}
	}
	if doc.Pair("python") == nil {
		// Allowed (MLflow's own examples omit it), so only an info note.
		diags.Reportf(docPos(doc, file), CodeEnvNoPython, "python_env file %s has no python version; MLflow uses the version of the Python that runs it, so runs may differ between machines", rel)
	}
}

func checkStringList(p tree.Pair, rel string, diags *diag.List) {
	v := p.Value
	if v == nil || v.Kind != tree.Seq {
		diags.Reportf(valuePos(p), CodeEnvFile, "%s in %s must be a list of requirement strings, not %s (MLflow fails with a TypeError)", p.Key, rel, describe(v))
		return
	}
	for _, it := range v.Items {
		if it == nil || it.Kind != tree.String {
			diags.Reportf(itemPos(it, v), CodeEnvFile, "an item of %s must be a requirement string such as \"scikit-learn==1.5.0\", not %s", p.Key, describe(it))
		}
	}
}

func checkConda(rel string, doc *tree.Node, diags *diag.List) {
	file := diag.Pos{File: rel}
	if doc == nil || doc.Kind != tree.Map {
		diags.Reportf(docPos(doc, file), CodeEnvFile, "conda environment file %s must be a mapping with dependencies, not %s", rel, describeDoc(doc))
		return
	}
	deps := doc.Pair("dependencies")
	if deps == nil {
		diags.Reportf(docPos(doc, file), CodeEnvFile, "conda environment file %s has no dependencies", rel)
		return
	}
	v := deps.Value
	if v == nil || v.Kind != tree.Seq {
		diags.Reportf(valuePos(*deps), CodeEnvFile, "dependencies in %s must be a list, not %s", rel, describe(v))
		return
	}
	for _, it := range v.Items {
		switch {
		case it != nil && it.Kind == tree.String:
		case it != nil && it.Kind == tree.Map && it.Pair("pip") != nil:
			checkStringList(*it.Pair("pip"), rel, diags)
		default:
			diags.Reportf(itemPos(it, v), CodeEnvFile, "a conda dependency must be a string such as \"python=3.11\" or a mapping {pip: [...]}, not %s (MLflow: \"Invalid conda dependency\")", describe(it))
		}
	}
}

func docPos(doc *tree.Node, file diag.Pos) diag.Pos {
	if doc != nil {
		return doc.Pos()
	}
	return file
}

func describeDoc(doc *tree.Node) string {
	if doc == nil {
		return "an empty file"
	}
	return describe(doc)
}
