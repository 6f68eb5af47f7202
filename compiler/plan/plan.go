// Package plan is kfc's run plan: the deterministic, self-contained JSON
// document `kfc build` writes and `kfc exec` runs. A plan names every node
// to run with its fully rendered command, every dataset it touches with a
// project-relative path, the parameter values each node consumes, and a
// sha256 per node and for the whole plan.
//
// The document shape is defined once, in CUE (schema/plan.cue, #Plan); the
// Go types here mirror it. Struct fields are declared in the alphabetical
// order of their JSON names so that the encoding has sorted keys at every
// level (map keys are sorted by encoding/json; RawValue sorts its own).
package plan

// SchemaVersion is the plan format version written as schema_version.
// Bump it on any incompatible change to the document shape.
const SchemaVersion = "1"

// RunDir is the folder, relative to the project root, under which kfc exec
// keeps a run's files. Datasets no catalog entry persists live in
// RunDir/{run_id}/data/<name>; the token {run_id} is left in the plan.
const RunDir = ".kfc/runs"

// Run-time tokens kfc exec substitutes in node commands and dataset paths.
// They are the only parts of a plan not known at build time.
const (
	RunIDToken    = "{run_id}"  // the run's id
	versionPrefix = "{version:" // {version:<dataset>}: the version a versioned dataset is loaded from or saved to
	tokenSuffix   = "}"
)

// VersionToken is the token kfc exec replaces with the version of the
// versioned dataset named name (its save version when the run produces it,
// else the pinned --load-versions value or the latest version on disk).
func VersionToken(name string) string { return versionPrefix + name + tokenSuffix }

// Plan is the whole document.
type Plan struct {
	Datasets map[string]*Dataset `json:"datasets"`
	// EntryPoint is the MLproject entry point of a plan built with
	// --entry-point (then Pipeline is empty): exactly one of them is set.
	EntryPoint    string    `json:"entry_point,omitempty"`
	Env           string    `json:"env"`
	Hash          string    `json:"hash"`
	KfcVersion    string    `json:"kfc_version"`
	Nodes         []*Node   `json:"nodes"`
	Parameters    RawValue  `json:"parameters"`
	Pipeline      string    `json:"pipeline,omitempty"`
	Project       Project   `json:"project"`
	SchemaVersion string    `json:"schema_version"`
	Selectors     Selectors `json:"selectors"`
}

// Project identifies what was built, without any absolute path.
type Project struct {
	MLproject string `json:"mlproject,omitempty"` // project-relative path of the MLproject file
	Name      string `json:"name,omitempty"`      // [tool.kedro] project_name, else the MLproject name
	Package   string `json:"package,omitempty"`   // [tool.kedro] package_name
}

// Selectors are the `kedro run`-style filters the plan was built with,
// each list sorted and de-duplicated.
type Selectors struct {
	FromInputs   []string          `json:"from_inputs,omitempty"`
	FromNodes    []string          `json:"from_nodes,omitempty"`
	LoadVersions map[string]string `json:"load_versions,omitempty"`
	Namespaces   []string          `json:"namespaces,omitempty"`
	Nodes        []string          `json:"nodes,omitempty"`
	Params       string            `json:"params,omitempty"` // --params as given
	Tags         []string          `json:"tags,omitempty"`
	ToNodes      []string          `json:"to_nodes,omitempty"`
	ToOutputs    []string          `json:"to_outputs,omitempty"`
}

// Dataset is one dataset the selected nodes read or write.
type Dataset struct {
	// Config is the resolved catalog entry (factory placeholders filled in)
	// with every credentials value replaced by its name or removed.
	Config      RawValue `json:"config"`
	Consumers   []string `json:"consumers"`             // ids of the plan's nodes that read it
	Credentials string   `json:"credentials,omitempty"` // the credentials name the entry references
	Hash        string   `json:"hash"`                  // sha256 of the definition (not of the data)
	ID          string   `json:"id"`                    // "dataset.<name>"
	LoadVersion string   `json:"load_version,omitempty"`
	Name        string   `json:"name"`
	// Path is project-relative (or a URL, or absolute as written in the
	// catalog). For a versioned dataset it is the base path: versions are
	// stored at <path>/<version>/<basename of path>. For an unpersisted one
	// it is RunDir/{run_id}/data/<name>.
	Path       string `json:"path"`
	Pattern    string `json:"pattern,omitempty"` // the factory pattern that matched
	Persisted  bool   `json:"persisted"`         // false: it lives in the run folder
	Producer   string `json:"producer,omitempty"`
	Resolution string `json:"resolution"` // explicit | pattern | catch-all | default
	Type       string `json:"type"`
	Versioned  bool   `json:"versioned"`
}

// Node is one process to run.
type Node struct {
	Command     Command             `json:"command"`
	DependsOn   []string            `json:"depends_on"` // ids of plan nodes producing its inputs
	Environment *Environment        `json:"environment,omitempty"`
	Hash        string              `json:"hash"`
	ID          string              `json:"id"` // "node.<full name>"
	Inputs      []string            `json:"inputs"`
	Name        string              `json:"name"` // full name, namespace included
	Namespace   string              `json:"namespace,omitempty"`
	Outputs     []string            `json:"outputs"`
	Parameters  map[string]RawValue `json:"parameters"` // "params:a.b" (or "parameters") -> value
	Tags        []string            `json:"tags"`
}

// Command is how a node runs: an argument vector run directly, a string
// run with `bash -c` (a `shell: true` node or an MLproject entry point,
// rendered as `mlflow run` renders it), or a Python function of a Kedro
// project called by kfc's runner. Exactly one of Argv, Shell and Kedro is
// set.
type Command struct {
	Argv       []string      `json:"argv,omitempty"`
	EntryPoint string        `json:"entry_point,omitempty"`
	Kedro      *KedroCommand `json:"kedro,omitempty"`
	Shell      string        `json:"shell,omitempty"`
}

// KedroCommand is a `kedro:` node's call (docs/kedro.md): the function,
// its inputs and outputs in the form Kedro's node() took them with their
// final (namespaced) names, and the digests of the Python files it comes
// from, so editing the function changes the node's hash.
type KedroCommand struct {
	Confirms []string `json:"confirms,omitempty"`
	Function string   `json:"function"` // "package.module:qualname"
	// Inputs is null, a name, a list of names or a mapping from argument
	// to name; names are datasets or parameter references.
	Inputs  RawValue `json:"inputs"`
	Outputs RawValue `json:"outputs"` // null, a name, a list or a mapping
	// Sources are the module's file and the __init__.py of each package
	// above it, when they are in the project (empty for a function of an
	// installed library, whose edits kfc cannot see).
	Sources []SourceFile `json:"sources"`
}

// SourceFile is a project Python file and its digest.
type SourceFile struct {
	Digest string `json:"digest"` // sha256 of the file's bytes
	Path   string `json:"path"`   // project-relative, forward slashes
}

// Environment is the MLproject environment an entry-point node declares.
type Environment struct {
	Digest string   `json:"digest,omitempty"` // sha256 of the environment file's bytes
	File   string   `json:"file,omitempty"`   // project-relative python_env / conda_env file
	Kind   string   `json:"kind"`             // python_env | conda_env | docker_env | none
	Spec   RawValue `json:"spec,omitempty"`   // the MLproject field's value
}

// NodeID is the stable id of the node with full name name.
func NodeID(name string) string { return "node." + name }

// DatasetID is the stable id of the dataset named name.
func DatasetID(name string) string { return "dataset." + name }
