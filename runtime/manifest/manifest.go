// Package manifest reads, writes and verifies the per-run manifest
// .kfc/runs/<run_id>/manifest.json (SPEC section 6): what ran, from which
// plan and commit, and the digest of everything it wrote, so that a result
// can be checked later with `kfc verify`. Its shape is #Manifest in
// schema/manifest.cue; these types mirror it.
package manifest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/kfc-dev/kfc/runtime/internal/atomicfile"
	"github.com/kfc-dev/kfc/runtime/lockfile"
	"github.com/kfc-dev/kfc/schema"
)

// SchemaVersion is the version of the format this package writes.
const SchemaVersion = "1"

// FileName is the manifest's name in its run folder.
const FileName = "manifest.json"

// Run statuses.
const (
	Running  = "RUNNING"
	Finished = "FINISHED"
	Failed   = "FAILED"
	Killed   = "KILLED"
)

// Node statuses.
const (
	Succeeded  = "succeeded"
	NodeFailed = "failed"
	Skipped    = "skipped"
	NotRun     = "not_run"
	NodeKilled = "killed"
)

// Path is the manifest of run runID in the project at root.
func Path(root, runID string) string {
	return filepath.Join(root, ".kfc", "runs", runID, FileName)
}

// Manifest is the record of one run.
type Manifest struct {
	SchemaVersion string    `json:"schema_version"`
	KfcVersion    string    `json:"kfc_version"`
	RunID         string    `json:"run_id"`
	PlanHash      string    `json:"plan_hash"`
	PlanFile      string    `json:"plan_file"` // run-folder-relative
	Git           Git       `json:"git"`
	OS            string    `json:"os"`
	Arch          string    `json:"arch"`
	User          string    `json:"user"`
	CommandLine   []string  `json:"command_line"`
	Env           string    `json:"env"`
	Pipeline      string    `json:"pipeline"`
	StartTime     string    `json:"start_time"` // RFC 3339 UTC, milliseconds
	EndTime       string    `json:"end_time"`   // "" while Running
	Status        string    `json:"status"`     // Running, Finished, Failed or Killed
	Nodes         []Node    `json:"nodes"`
	Tracking      *Tracking `json:"tracking,omitempty"`
}

// Git describes the project's git checkout; zero when not a git repository.
type Git struct {
	Commit  string `json:"commit"`
	Branch  string `json:"branch"`
	Dirty   bool   `json:"dirty"`
	RepoURL string `json:"repo_url"` // credentials removed
}

// Node is one node's record in a run.
type Node struct {
	ID         string                     `json:"id"`
	Name       string                     `json:"name"`
	Command    string                     `json:"command"`
	Parameters map[string]json.RawMessage `json:"parameters"`
	Inputs     []lockfile.Artifact        `json:"inputs"`
	Outputs    []lockfile.Artifact        `json:"outputs"`
	ExitCode   *int                       `json:"exit_code"` // nil when it did not run
	DurationMS int64                      `json:"duration_ms"`
	Status     string                     `json:"status"` // Succeeded, NodeFailed, Skipped, NotRun or NodeKilled
	Reason     string                     `json:"reason"` // why it ran or was skipped
	Log        string                     `json:"log"`    // run-folder-relative log path
}

// Tracking names the MLflow run a kfc run was recorded in; never credentials.
type Tracking struct {
	URI          string `json:"uri"`
	ExperimentID string `json:"experiment_id"`
	RunID        string `json:"run_id"`
}

// Write writes m to path atomically (temp file, fsync, rename), as
// canonical JSON (keys sorted, 2-space indent), creating the folder.
func Write(path string, m *Manifest) error {
	b, err := Encode(m)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return atomicfile.Write(path, b, 0o644)
}

// Encode returns the canonical JSON of m; nil lists and maps are written
// empty, as #Manifest requires.
func Encode(m *Manifest) ([]byte, error) {
	c := *m
	if c.SchemaVersion == "" {
		c.SchemaVersion = SchemaVersion
	}
	if c.CommandLine == nil {
		c.CommandLine = []string{}
	}
	c.Nodes = make([]Node, len(m.Nodes))
	for i, n := range m.Nodes {
		if n.Parameters == nil {
			n.Parameters = map[string]json.RawMessage{}
		}
		if n.Inputs == nil {
			n.Inputs = []lockfile.Artifact{}
		}
		if n.Outputs == nil {
			n.Outputs = []lockfile.Artifact{}
		}
		c.Nodes[i] = n
	}
	return lockfile.Canonical(&c)
}

// Read reads a manifest and checks it against #Manifest; an error names
// the file and, for a schema violation, the line:column and field.
func Read(path string) (*Manifest, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if err := schema.CheckManifest(path, b); err != nil {
		return nil, fmt.Errorf("%s: not a valid kfc run manifest: %v", path, err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return &m, nil
}
