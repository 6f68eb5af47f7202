// Package pipeline reads kfc's declarative pipelines (the `pipelines*`
// config files) and turns them into graphs of process nodes.
//
// Parse keeps the pipelines as written: named definitions that list nodes,
// reuse another pipeline under a namespace (`from:`), or sum pipelines.
// Expand flattens one of them the way Kedro's `pipeline(...)` and `+` do:
// modular-pipeline remapping (`Pipeline._rename`), transcoding, sums that
// drop identical nodes. A Pipeline then answers graph questions (free
// inputs, producers, a stable topological order) and Check* functions
// report what Kedro would refuse at construction time.
//
// Every algorithm over nodes is iterative and linear or n·log n, so a
// generated pipeline with a hundred thousand nodes or a long dependency
// cycle costs milliseconds and never deep recursion.
package pipeline

import "github.com/kfc-dev/kfc/compiler/diag"

// The problems this package reports; lint's pipeline-* rules give them
// their ids.
const (
	CodeFormat          diag.Code = "pipeline.Format"          // shape of the file: types, unknown keys, missing fields
	CodeInvalidName     diag.Code = "pipeline.InvalidName"     // names, tags and namespaces outside Kedro's [\w.-]+
	CodeNodeCommand     diag.Code = "pipeline.NodeCommand"     // neither or both of run and entry_point
	CodePlaceholder     diag.Code = "pipeline.Placeholder"     // {in.x}/{out.x}/{params.x} naming nothing, bad braces
	CodeUnknown         diag.Code = "pipeline.Unknown"         // a pipeline name that is not defined
	CodeRecursive       diag.Code = "pipeline.Recursive"       // a pipeline that includes itself
	CodeRemap           diag.Code = "pipeline.Remap"           // inputs/outputs/parameters remaps Kedro refuses
	CodeDuplicateNode   diag.Code = "pipeline.DuplicateNode"   // two nodes with one name
	CodeDuplicateOutput diag.Code = "pipeline.DuplicateOutput" // a dataset written by two nodes
	CodeCycle           diag.Code = "pipeline.Cycle"           // circular dependencies
	CodeSameInputOutput diag.Code = "pipeline.SameInputOutput" // a node reads what it writes
	CodeTranscoding     diag.Code = "pipeline.Transcoding"     // x mixed with x@fmt, or x@a@b
)

const (
	DefaultPipeline      = "__default__"
	TranscodingSeparator = "@"
)

// Registry is a pipelines config as written: definitions by name.
type Registry struct {
	defs   map[string]*Definition // public and referenced private ones
	order  []string               // public names in file order
	broken map[string]bool        // definitions that include unknown or recursive pipelines
	keys   []string               // every top-level key, for "did you mean"
}

// Names returns the public pipeline names (not the `_` templates) in file
// order: the pipelines a user can run.
func (r *Registry) Names() []string {
	if r == nil {
		return nil
	}
	return append([]string(nil), r.order...)
}

// Definition returns the definition called name, or nil.
func (r *Registry) Definition(name string) *Definition {
	if r == nil {
		return nil
	}
	return r.defs[name]
}

// Broken reports whether name includes an unknown pipeline or itself; Parse
// has reported why and Expand returns nil for it.
func (r *Registry) Broken(name string) bool { return r != nil && r.broken[name] }

// Definition is one named pipeline as written. Exactly one of Nodes (a
// `nodes:` list) or From (a `from:` reference, or the list form, a sum) is
// the body; the other fields wrap the body as Kedro's `pipeline(...)` does.
type Definition struct {
	Name      string
	Pos       diag.Pos // the definition's key
	HasNodes  bool
	Nodes     []*Node // as written: names not namespaced by the wrapper
	From      []Ref
	Namespace string
	Inputs    *Remap // nil when not given
	Outputs   *Remap
	Params    *Remap // `parameters:`, keys and values normalised to params:x
	Tags      []string
	// PrefixDatasets is Kedro's prefix_datasets_with_namespace (default true).
	PrefixDatasets bool
}

// Ref names another pipeline where it was written.
type Ref struct {
	Name string
	Pos  diag.Pos
}

// Remap is an inputs/outputs/parameters mapping of a wrapped pipeline.
type Remap struct {
	Pos   diag.Pos
	Pairs []Rename // in file order
}

// Rename maps an old dataset or parameter name to a new one (equal for the
// str and list forms, which only exempt names from the namespace).
type Rename struct {
	From, To string
	Pos      diag.Pos
}

// Node is one process. In a Definition it is as written; in an expanded
// Pipeline its Name, Namespace and bindings carry the wrappers' remapping.
type Node struct {
	Name       string // full name: Namespace + "." + LocalName when namespaced
	LocalName  string // the name as written
	Namespace  string
	Pos        diag.Pos // the name, else the node's mapping
	Run        []string // argument vector as written; one command string when Shell
	Shell      bool
	EntryPoint string // an MLproject entry point, instead of Run
	EntryPos   diag.Pos
	Inputs     []Binding
	Outputs    []Binding
	Params     []Binding  // Dataset is "params:a.b" or "parameters"
	Tags       []string   // sorted, unique
	Kedro      *KedroCall // a `kedro:` node: the Python function Kedro's way, instead of Run
	Confirms   []string   // a kedro node's `confirms`: datasets whose confirm() runs after it

	run [][]segment // Run parsed into text and placeholders
}

// Binding ties a node's placeholder (or entry-point parameter) to a dataset
// or parameter reference. Key is the mapping key when the mapping form was
// written; for the string and list forms it is the name as written before
// any remapping (without params:), so `{in.companies}` keeps working when a
// namespace renames the dataset to `ns.companies`.
type Binding struct {
	Key     string
	Dataset string
	Pos     diag.Pos
}

// IsParam reports whether b refers to parameters rather than a dataset.
func (b Binding) IsParam() bool { return IsParameter(b.Dataset) }

// clone copies n so a wrapper can rename it without touching the original.
func (n *Node) clone() *Node {
	c := *n
	c.Inputs = append([]Binding(nil), n.Inputs...)
	c.Outputs = append([]Binding(nil), n.Outputs...)
	c.Params = append([]Binding(nil), n.Params...)
	c.Tags = append([]string(nil), n.Tags...)
	c.Confirms = append([]string(nil), n.Confirms...)
	return &c
}
