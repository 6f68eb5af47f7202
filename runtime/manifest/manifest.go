// Package manifest reads, writes and verifies the per-run manifest
// .kfc/runs/<run_id>/manifest.json (SPEC section 6): what ran, from which
// plan and commit, and the digest of everything it wrote, so that a result
// can be checked later with `kfc verify`. Its shape is #Manifest in
// schema/manifest.cue; these types mirror it.
package manifest

import (
	"bytes"
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

// Manifest is the record of one run. (Fields of these types are in the
// order of their JSON names, so encoding/json writes canonical JSON in one
// pass; TestEncodeIsCanonical keeps it so.)
type Manifest struct {
	Arch          string    `json:"arch"`
	CommandLine   []string  `json:"command_line"`
	EndTime       string    `json:"end_time"` // "" while Running
	Env           string    `json:"env"`
	Git           Git       `json:"git"`
	KfcVersion    string    `json:"kfc_version"`
	Nodes         []Node    `json:"nodes"`
	OS            string    `json:"os"`
	Pipeline      string    `json:"pipeline"`
	PlanFile      string    `json:"plan_file"` // run-folder-relative
	PlanHash      string    `json:"plan_hash"`
	RunID         string    `json:"run_id"`
	SchemaVersion string    `json:"schema_version"`
	StartTime     string    `json:"start_time"` // RFC 3339 UTC, milliseconds
	Status        string    `json:"status"`     // Running, Finished, Failed or Killed
	Tracking      *Tracking `json:"tracking,omitempty"`
	User          string    `json:"user"`
}

// Git describes the project's git checkout; zero when not a git repository.
type Git struct {
	Branch  string `json:"branch"`
	Commit  string `json:"commit"`
	Dirty   bool   `json:"dirty"`
	RepoURL string `json:"repo_url"` // credentials removed
}

// Node is one node's record in a run.
type Node struct {
	Command    string                     `json:"command"`
	DurationMS int64                      `json:"duration_ms"`
	ExitCode   *int                       `json:"exit_code"` // nil when it did not run
	ID         string                     `json:"id"`
	Inputs     []lockfile.Artifact        `json:"inputs"`
	Log        string                     `json:"log"` // run-folder-relative log path
	Name       string                     `json:"name"`
	Outputs    []lockfile.Artifact        `json:"outputs"`
	Parameters map[string]json.RawMessage `json:"parameters"`
	Reason     string                     `json:"reason"` // why it ran or was skipped
	Status     string                     `json:"status"` // Succeeded, NodeFailed, Skipped, NotRun or NodeKilled
}

// Tracking names the MLflow run a kfc run was recorded in; never credentials.
type Tracking struct {
	ExperimentID string `json:"experiment_id"`
	RunID        string `json:"run_id"`
	URI          string `json:"uri"`
}

// Write writes m to path atomically (temp file, fsync, rename), as
// canonical JSON (keys sorted, 2-space indent), creating the folder.
func Write(path string, m *Manifest) error {
	parts, err := fileParts(path, m, nil)
	if err != nil {
		return err
	}
	return atomicfile.WriteParts(path, 0o644, parts...)
}

// WriteSyncLater is Write, renamed into place at once and synced by the
// returned func (atomicfile.WritePartsSyncLater). nodes, when set, is m's
// node array as EncodeNodes' bytes (m.Nodes is not read; the nodes are
// not copied).
func WriteSyncLater(path string, m *Manifest, nodes []byte) (sync func() error, err error) {
	parts, err := fileParts(path, m, nodes)
	if err != nil {
		return nil, err
	}
	return atomicfile.WritePartsSyncLater(path, 0o644, parts...)
}

// fileParts are the bytes of m's file, in pieces (nodes, when set, is its
// node array, not copied); path's folder is made.
func fileParts(path string, m *Manifest, nodes []byte) ([][]byte, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	if nodes == nil {
		b, err := Encode(m)
		return [][]byte{b}, err
	}
	h := *m
	h.Nodes = nil
	c := normalized(&h)
	return [][]byte{appendHead(nil, &c), nodes, appendTail(nil, &c)}, nil
}

// Encode returns the canonical JSON of m; nil lists and maps are written
// empty, as #Manifest requires.
func Encode(m *Manifest) ([]byte, error) {
	c := normalized(m)
	// About 900 bytes a node with two artifacts: one allocation for most runs.
	if b, err := appendManifest(make([]byte, 0, 1024+1024*len(c.Nodes)), &c); err == nil {
		return b, nil
	}
	return encodeStd(&c)
}

// EncodeNodes is the "nodes" array of a manifest holding nodes, as Encode
// writes it, for WriteSyncLater: a run that replays a recorded run (kfc
// exec's up-to-date stamp) writes the same nodes without encoding them.
// It fails for a parameter that is not valid JSON.
func EncodeNodes(nodes []Node) ([]byte, error) {
	c := normalized(&Manifest{Nodes: nodes})
	return appendNodes(make([]byte, 0, 1024*len(c.Nodes)), c.Nodes)
}

// noParams is the parameters of a node without any; never written to.
var noParams = map[string]json.RawMessage{}

// normalized is a copy of m as it is written: schema version set, no nil
// lists or maps, parameters in canonical JSON.
func normalized(m *Manifest) Manifest {
	c := *m
	if c.SchemaVersion == "" {
		c.SchemaVersion = SchemaVersion
	}
	if c.CommandLine == nil {
		c.CommandLine = []string{}
	}
	c.Nodes = make([]Node, len(m.Nodes))
	for i, n := range m.Nodes {
		params := noParams // most nodes have none: no map for each
		if len(n.Parameters) > 0 {
			params = make(map[string]json.RawMessage, len(n.Parameters))
			for k, v := range n.Parameters {
				if cv, err := lockfile.CanonicalValue(v); err == nil {
					v = cv
				}
				params[k] = v
			}
		}
		n.Parameters = params
		if n.Inputs == nil {
			n.Inputs = []lockfile.Artifact{}
		}
		if n.Outputs == nil {
			n.Outputs = []lockfile.Artifact{}
		}
		c.Nodes[i] = n
	}
	return c
}

// encodeStd is the encoding/json form appendManifest reproduces; it gives
// the error for a parameter that is not valid JSON.
func encodeStd(c *Manifest) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(c); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
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

// ReadStatus returns the run status a manifest records without decoding
// it whole, for callers that scan every run folder (stale-run detection):
// Write puts the top-level "status" (keys sorted, 2-space indent) within
// the file's last few hundred bytes, after the nodes. Any other layout is
// decoded in full.
func ReadStatus(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", err
	}
	const tail = 4 << 10
	off := max(0, st.Size()-tail)
	buf := make([]byte, st.Size()-off)
	if _, err := f.ReadAt(buf, off); err != nil {
		return "", err
	}
	if i := bytes.LastIndex(buf, []byte("\n  \"status\": \"")); i >= 0 {
		rest := buf[i+len("\n  \"status\": \""):]
		if j := bytes.IndexByte(rest, '"'); j > 0 {
			return string(rest[:j]), nil
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	var s struct {
		Status string `json:"status"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return "", fmt.Errorf("%s: %v", path, err)
	}
	return s.Status, nil
}
