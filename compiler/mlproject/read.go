package mlproject

import (
	"fmt"
	"path"
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
	"github.com/kfc-dev/kfc/internal/py"
)

// reader walks the MLproject tree, filling proj and reporting findings.
type reader struct {
	file  string
	src   []byte
	diags *diag.List
	proj  *Project
}

func (r *reader) errorf(pos diag.Pos, code diag.Code, format string, args ...any) {
	r.diags.Reportf(pos, code, format, args...)
}

func (r *reader) project(root *tree.Node) {
	if root == nil {
		r.errorf(r.proj.Pos, CodeSchema, "the MLproject file is empty; MLflow fails on it with an AttributeError (write at least `entry_points:` with one entry point)")
		return
	}
	r.shape(root)
	if root.Kind != tree.Map {
		return
	}
	for _, p := range root.Pairs {
		switch p.Key {
		case "name":
			r.name(p)
		case "entry_points":
			r.entryPoints(p)
		case EnvPython, EnvConda:
			r.envFile(p)
		case EnvDocker:
			r.docker(p)
		}
	}
	if p := root.Pair("databricks_spark_job"); p != nil {
		r.sparkJob(*p, root) // after the entry points, whose parameters it checks
	}
	r.environments(root)
}

func (r *reader) name(p tree.Pair) {
	if v := p.Value; v != nil && v.Kind == tree.String {
		r.proj.Name = v.Text
	}
}

func (r *reader) entryPoints(p tree.Pair) {
	v := p.Value
	if v == nil || v.Kind != tree.Map {
		return
	}
	for _, ep := range v.Pairs {
		r.entryPoint(ep)
	}
}

func (r *reader) entryPoint(p tree.Pair) {
	ep := &EntryPoint{Name: p.Key, Pos: p.KeyPos(), src: r.src}
	r.proj.EntryPoints = append(r.proj.EntryPoints, ep)
	r.nonStringKey(p, "entry point name")
	v := p.Value
	if v == nil || v.Kind != tree.Map {
		return
	}
	for _, kp := range v.Pairs {
		switch kp.Key {
		case "command":
			ep.CommandPos = valuePos(kp)
			if c := kp.Value; c != nil && c.Kind == tree.String {
				ep.Command, ep.HasCommand, ep.commandNode = c.Text, true, c
			}
		case "parameters":
			r.params(ep, kp)
		}
	}
	if ep.HasCommand {
		checkPlaceholders(ep, r.diags)
	}
}

func (r *reader) params(ep *EntryPoint, p tree.Pair) {
	v := p.Value
	if v == nil || v.Kind != tree.Map {
		return
	}
	for _, pp := range v.Pairs {
		r.param(ep, pp)
	}
}

func (r *reader) param(ep *EntryPoint, p tree.Pair) {
	prm := &Param{Name: p.Key, Type: "string", Pos: p.KeyPos()}
	ep.Params = append(ep.Params, prm)
	r.nonStringKey(p, "parameter name")
	v := p.Value
	typePos := valuePos(p)
	switch {
	case v != nil && v.Kind == tree.String:
		prm.Type = v.Text
	case v != nil && v.Kind == tree.Map:
		for _, kp := range v.Pairs {
			switch kp.Key {
			case "type":
				t := kp.Value
				typePos = valuePos(kp)
				if t == nil || t.Kind != tree.String {
					continue // the schema reports it
				}
				prm.Type = t.Text
			case "default":
				if kp.Value != nil && kp.Value.Kind != tree.Null {
					prm.Default = kp.Value
				}
			}
		}
	default:
		return // the schema reports it
	}
	checkParamType(prm, typePos, r.diags)
}

// envFile reads python_env / conda_env: a path relative to the MLproject's folder.
func (r *reader) envFile(p tree.Pair) {
	v := p.Value
	if v == nil || v.Kind != tree.String || v.Text == "" {
		return // the schema reports it
	}
	if path.IsAbs(v.Text) || strings.HasPrefix(v.Text, `\`) || (len(v.Text) > 1 && v.Text[1] == ':') {
		r.errorf(v.Pos(), CodeSchema, "%s must be a path relative to the project, not the absolute path %s", p.Key, v.Text)
	}
}

func (r *reader) sparkJob(p tree.Pair, root *tree.Node) {
	v := p.Value
	if v == nil || v.Kind == tree.Null {
		return // MLflow treats null as absent
	}
	if v.Kind != tree.Map {
		return // the schema reports it
	}
	// MLflow's own checks for Databricks Spark jobs (_project_spec.load_project).
	hasFile := v.Get("python_file") != nil && v.Get("python_file").Kind != tree.Null
	eps := root.Get("entry_points")
	hasEPs := eps != nil && eps.Kind == tree.Map && len(eps.Pairs) > 0
	switch {
	case !hasFile && !hasEPs:
		r.errorf(p.KeyPos(), CodeSchema, "a Databricks Spark job needs databricks_spark_job.python_file or entry_points")
	case hasFile && hasEPs:
		r.errorf(p.KeyPos(), CodeSchema, "a Databricks Spark job cannot have both databricks_spark_job.python_file and entry_points")
	}
	for _, env := range []string{EnvDocker, EnvPython, EnvConda} {
		if kp := root.Pair(env); kp != nil {
			r.errorf(kp.KeyPos(), CodeSchema, "a Databricks Spark job cannot set %s", env)
		}
	}
	for _, ep := range r.proj.EntryPoints {
		for _, prm := range ep.Params {
			if prm.Type == "path" {
				r.errorf(prm.Pos, CodeSchema, "a Databricks Spark job does not support path parameters (%s of entry point %s)", prm.Name, ep.Name)
			}
		}
	}
}

// nonStringKey reports a key written so that YAML reads it as a bool,
// number or null: MLflow would then look it up by that value, not by the
// text (entry point `1:` cannot be run with -e 1; parameter `on:` is named True).
func (r *reader) nonStringKey(p tree.Pair, what string) {
	raw := r.rawKey(p.KeyPos())
	if raw == "" {
		return
	}
	if k := tree.ResolveScalar(raw, tree.PyYAML); k.Kind != tree.String {
		r.errorf(p.KeyPos(), CodeSchema, "%s %s is read by YAML as %s, not as a string; quote it", what, raw, describe(k))
	}
}

// rawKey returns the plain (unquoted) text of the key at pos in the
// source, or "" for a quoted key or when the source is unknown.
func (r *reader) rawKey(pos diag.Pos) string {
	line := sourceLine(r.src, pos.Line)
	if line == "" {
		return ""
	}
	start := runeIndex(line, pos.Col-1)
	if start < 0 || start >= len(line) {
		return ""
	}
	rest := line[start:]
	switch rest[0] {
	case '"', '\'', '?', '&', '*', '!', '[', '{':
		return ""
	}
	for i := 0; i < len(rest); i++ {
		if rest[i] == ':' && (i+1 == len(rest) || rest[i+1] == ' ' || rest[i+1] == '\t' || rest[i+1] == ',' || rest[i+1] == '}') {
			return strings.TrimRight(rest[:i], " \t")
		}
	}
	return ""
}

func valuePos(p tree.Pair) diag.Pos {
	if p.Value != nil && p.Value.Kind != tree.Null {
		return p.Value.Pos()
	}
	return p.KeyPos()
}

// describe names what a value is, for messages.
func describe(n *tree.Node) string {
	if n == nil || n.Kind == tree.Null {
		return "null"
	}
	switch n.Kind {
	case tree.Map:
		return "a mapping"
	case tree.Seq:
		return "a list"
	case tree.String:
		return fmt.Sprintf("the string %s", py.Excerpt(n.Text))
	}
	s, _ := PyStr(n)
	return fmt.Sprintf("the %s %s", n.Kind, s)
}

func describeEmpty(n *tree.Node) string {
	if n != nil && n.Kind == tree.String && n.Text == "" {
		return "an empty string"
	}
	return describe(n)
}
