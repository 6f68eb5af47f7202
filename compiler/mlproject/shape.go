package mlproject

import (
	"fmt"
	"strings"

	"github.com/kfc-dev/kfc/compiler/tree"
	"github.com/kfc-dev/kfc/internal/suggest"
	"github.com/kfc-dev/kfc/schema"
)

// The shape of an MLproject (keys, and the kind of each value) is decided
// by #MLproject in schema/mlproject.cue, the did-you-mean candidates
// included; this file words each finding for an MLflow user and files it
// under its rule. MLflow itself ignores unknown
// keys and fails with a bare AttributeError on wrong shapes.

const attrErr = " (MLflow fails with an AttributeError)"

func (r *reader) shape(root *tree.Node) {
	for _, f := range schema.MustLoad().CheckMLproject(root) {
		r.shapeFinding(root, f)
	}
}

func (r *reader) shapeFinding(root *tree.Node, f schema.ShapeFinding) {
	path := f.Path
	rule := CodeSchema
	if len(path) > 0 && path[0] == EnvDocker {
		rule = CodeDocker
	}
	switch f.Kind {
	case "unknown-key":
		where := keyContext(path)
		hint := ""
		if s := suggest.Closest(f.Key, f.Known); s != "" { // the keys #MLproject allows there
			hint = " (did you mean " + s + "?)"
		}
		r.errorf(f.Pos, rule, "unknown key %s in %s%s; MLflow ignores it silently", f.Key, where, hint)
		return
	case "missing-key":
		pos := f.Pos
		if kp := pairAt(root, path); kp != nil {
			pos = kp.KeyPos()
		}
		switch {
		case f.Key == "command" && len(path) == 2:
			r.errorf(pos, rule, "entry point %s has no command (MLflow fails with an AttributeError when it runs)", path[1])
		case f.Key == "image" && len(path) == 1:
			if v := nodeAt(root, path); v != nil && v.Kind == tree.Map && len(v.Pairs) == 0 {
				// MLflow treats an empty docker_env as absent and runs without Docker.
				r.errorf(pos, rule, "docker_env is empty: MLflow treats it as absent and silently runs without Docker; give it an image or remove it")
			} else {
				r.errorf(pos, rule, "docker_env has no image (MLflow: \"Docker environment specified but no image attribute found\")")
			}
		default:
			r.errorf(pos, rule, "%s needs the key %s", dotted(path), f.Key)
		}
		return
	}
	v := nodeAt(root, path)
	what := describeEmpty(v)
	n := len(path)
	if kp := pairAt(root, path); kp != nil && (v == nil || v.Kind == tree.Null) {
		f.Pos = kp.KeyPos() // a null value has no text of its own to point at
	}
	switch {
	case n == 0:
		r.errorf(f.Pos, rule, "the MLproject file must be a mapping of keys such as name and entry_points, not %s", what)
	case n == 1 && path[0] == "name":
		r.errorf(f.Pos, rule, "name must be a string, not %s", what)
	case n == 1 && path[0] == "entry_points":
		r.errorf(f.Pos, rule, "entry_points must be a mapping from entry point names to {parameters, command}, not %s%s", what, attrErr)
	case n == 1 && (path[0] == EnvPython || path[0] == EnvConda):
		r.errorf(f.Pos, rule, "%s must be the path of a file relative to the project, not %s", path[0], what)
	case n == 1 && path[0] == EnvDocker:
		if v == nil || v.Kind == tree.Null {
			r.errorf(f.Pos, rule, "docker_env has no image; MLflow ignores a null docker_env and runs the project without Docker")
		} else {
			r.errorf(f.Pos, rule, "docker_env must be a mapping with an image, not %s", what)
		}
	case n == 2 && path[0] == "entry_points":
		r.errorf(f.Pos, rule, "entry point %s must be a mapping with a command (and optional parameters), not %s%s", path[1], what, attrErr)
	case n == 3 && path[0] == "entry_points" && path[2] == "command":
		r.errorf(f.Pos, rule, "the command of entry point %s must be a string, not %s (MLflow fails with an AttributeError when it runs)", path[1], what)
	case n == 3 && path[0] == "entry_points" && path[2] == "parameters":
		r.errorf(f.Pos, rule, "the parameters of entry point %s must be a mapping from names to types or {type, default}, not %s%s", path[1], what, attrErr)
	case n == 4 && path[0] == "entry_points" && path[2] == "parameters":
		if v != nil && v.Kind == tree.String {
			return // an unknown type name: mlproject-param-type reports it
		}
		r.errorf(f.Pos, rule, "parameter %s must be a type name or a mapping {type, default}, not %s%s", path[3], what, attrErr)
	case n == 5 && path[0] == "entry_points" && path[4] == "type":
		if v != nil && v.Kind == tree.String {
			return // an unknown type name: mlproject-param-type reports it
		}
		r.errorf(f.Pos, rule, "the type of parameter %s must be a string such as float or path, not %s", path[3], what)
	case n == 2 && path[0] == EnvDocker && path[1] == "image":
		r.errorf(f.Pos, rule, "docker_env.image must be an image name such as python:3.11-slim, not %s", what)
	case n == 2 && path[0] == EnvDocker && path[1] == "volumes":
		r.errorf(f.Pos, rule, "docker_env.volumes must be a list of strings such as \"/host/data:/data\", not %s", what)
	case n == 3 && path[0] == EnvDocker && path[1] == "volumes":
		r.errorf(f.Pos, rule, "a docker_env volume must be a string such as \"/host/data:/data\", not %s", what)
	case n == 2 && path[0] == EnvDocker && path[1] == "environment":
		r.errorf(f.Pos, rule, "docker_env.environment must be a list of variable names to copy from the host or [NAME, value] pairs, not %s", what)
	case n == 3 && path[0] == EnvDocker && path[1] == "environment":
		r.errorf(f.Pos, rule, "a docker_env environment item must be a variable name or a [NAME, value] pair, not %s", what)
	default:
		r.errorf(f.Pos, rule, "%s: %s", dotted(path), f.Msg)
	}
}

// keyContext names the mapping at path.
func keyContext(path []string) string {
	switch {
	case len(path) == 0:
		return "the MLproject file"
	case len(path) == 2 && path[0] == "entry_points":
		return "entry point " + path[1]
	case len(path) == 4 && path[0] == "entry_points" && path[2] == "parameters":
		return fmt.Sprintf("parameter %s of entry point %s", path[3], path[1])
	}
	return dotted(path)
}

func dotted(path []string) string {
	if len(path) == 0 {
		return "the MLproject file"
	}
	return strings.Join(path, ".")
}

// nodeAt follows path (map keys and list indexes) from root.
func nodeAt(root *tree.Node, path []string) *tree.Node { return root.Lookup(path...) }

// pairAt returns the map pair holding the value at path, or nil.
func pairAt(root *tree.Node, path []string) *tree.Pair {
	if len(path) == 0 {
		return nil
	}
	parent := root.Lookup(path[:len(path)-1]...)
	return parent.Pair(path[len(path)-1])
}
