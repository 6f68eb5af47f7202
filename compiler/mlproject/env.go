package mlproject

import (
	"path"
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
	"github.com/kfc-dev/kfc/internal/py"
)

// envKeys in MLflow's precedence when it picks the environment.
var envKeys = []string{EnvDocker, EnvPython, EnvConda}

// environments checks that at most one environment key is present (MLflow
// counts a key even when its value is null) and records the one MLflow uses.
func (r *reader) environments(root *tree.Node) {
	var present []tree.Pair
	for _, p := range root.Pairs {
		if p.Key == EnvDocker || p.Key == EnvPython || p.Key == EnvConda {
			present = append(present, p)
		}
	}
	if len(present) > 1 {
		names := make([]string, len(present))
		for i, p := range present {
			names[i] = p.Key
		}
		d := diag.Diagnostic{
			Pos: present[1].KeyPos(), Code: CodeMultipleEnvs,
			Message: "the MLproject declares more than one environment (" + strings.Join(names, ", ") +
				"); MLflow accepts at most one of docker_env, python_env and conda_env",
		}
		for _, p := range present {
			if p.KeyPos() != d.Pos {
				d.Notes = append(d.Notes, diag.Note{Pos: p.KeyPos(), Message: p.Key + " is declared here"})
			}
		}
		r.diags.Add(d)
	}
	dir := path.Dir(r.file)
	for _, key := range envKeys {
		p := root.Pair(key)
		if p == nil || !truthy(p.Value) {
			continue // MLflow skips a null or empty environment value
		}
		env := &r.proj.Env
		env.Kind, env.Pos = key, p.Value.Pos()
		if key == EnvDocker {
			fillDocker(env, p.Value)
		} else if p.Value.Kind == tree.String {
			env.File, env.FilePos = path.Join(dir, p.Value.Text), p.Value.Pos()
		}
		return
	}
}

// truthy is Python's truth value of a loaded YAML value.
func truthy(n *tree.Node) bool {
	if n == nil {
		return false
	}
	switch n.Kind {
	case tree.Null:
		return false
	case tree.Bool:
		return n.Bool
	case tree.Int:
		return n.Int != 0 || n.Big != nil
	case tree.Float:
		return n.Float != 0
	case tree.String:
		return n.Text != ""
	case tree.Map:
		return len(n.Pairs) > 0
	case tree.Seq:
		return len(n.Items) > 0
	}
	return false
}

// docker checks what #MLproject cannot say about docker_env: the
// [NAME, value] pairs of environment and the variable names.
func (r *reader) docker(p tree.Pair) {
	v := p.Value
	if v == nil || v.Kind != tree.Map {
		return // the schema reports it
	}
	vars := v.Get("environment")
	if vars == nil || vars.Kind != tree.Seq {
		return
	}
	for _, it := range vars.Items {
		switch {
		case it != nil && it.Kind == tree.String:
			if !validEnvName(it.Text) {
				r.errorf(it.Pos(), CodeDocker, "docker_env environment item %s is not a variable name to copy from the host (write [NAME, value] to set one)", py.Repr(it.Text))
			}
		case it != nil && it.Kind == tree.Seq:
			if len(it.Items) != 2 {
				r.errorf(it.Pos(), CodeDocker, "a docker_env environment pair must be [NAME, value], with exactly two items, not %d", len(it.Items))
				continue
			}
			name, val := it.Items[0], it.Items[1]
			if name == nil || name.Kind != tree.String || !validEnvName(name.Text) {
				r.errorf(itemPos(name, it), CodeDocker, "the first item of a docker_env environment pair must be a variable name, not %s", describe(name))
			}
			if val == nil || !val.IsScalar() || val.Kind == tree.Null {
				r.errorf(itemPos(val, it), CodeDocker, "the value of a docker_env environment pair must be a string or number, not %s", describe(val))
			}
		}
	}
}

// validEnvName accepts what `docker run -e NAME=value` can set: a
// non-empty name without '=' or blanks.
func validEnvName(s string) bool {
	return s != "" && !strings.ContainsAny(s, "= \t\r\n")
}

func fillDocker(env *EnvSpec, v *tree.Node) {
	if img := v.Get("image"); img != nil && img.Kind == tree.String {
		env.Image = img.Text
	}
	if vols := v.Get("volumes"); vols != nil && vols.Kind == tree.Seq {
		for _, it := range vols.Items {
			if it != nil && it.Kind == tree.String {
				env.Volumes = append(env.Volumes, it.Text)
			}
		}
	}
	if vars := v.Get("environment"); vars != nil && vars.Kind == tree.Seq {
		for _, it := range vars.Items {
			switch {
			case it != nil && it.Kind == tree.String:
				env.Vars = append(env.Vars, DockerEnvVar{Name: it.Text, Copy: true, Pos: it.Pos()})
			case it != nil && it.Kind == tree.Seq && len(it.Items) == 2 && it.Items[0] != nil && it.Items[0].Kind == tree.String:
				val, _ := PyStr(it.Items[1])
				env.Vars = append(env.Vars, DockerEnvVar{Name: it.Items[0].Text, Value: val, Pos: it.Pos()})
			}
		}
	}
}

func itemPos(it, parent *tree.Node) diag.Pos {
	if it != nil && !it.Pos().IsZero() {
		return it.Pos()
	}
	return parent.Pos()
}
