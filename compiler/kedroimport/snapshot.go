// Package kedroimport turns a Kedro project's Python pipelines into kfc's
// pipelines file: it runs the project's own Python with an embedded script
// that prints every registered pipeline as JSON (a Snapshot), writes
// `kedro:` nodes from it, and compares a pipelines file with a Snapshot
// (the round trip `kfc import kedro --check` and the tests rely on).
package kedroimport

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

//go:embed snapshot.py
var snapshotScript []byte

// Script returns the embedded snapshot script, for tests and curious users.
func Script() []byte { return append([]byte(nil), snapshotScript...) }

// Snapshot is what the script prints: every registered pipeline, as Kedro
// built it.
type Snapshot struct {
	KedroVersion string                    `json:"kedro_version"`
	Package      string                    `json:"package"`
	Pipelines    map[string]*KedroPipeline `json:"pipelines"`
}

// KedroPipeline is one registered pipeline: its nodes in Kedro's order and
// what Kedro says it reads from and writes to the catalog.
type KedroPipeline struct {
	Nodes   []*KedroNode `json:"nodes"`
	Inputs  []string     `json:"inputs"`  // Pipeline.inputs(): free inputs, parameters included
	Outputs []string     `json:"outputs"` // Pipeline.outputs(): what no node reads
}

// KedroNode is one node as Kedro holds it.
type KedroNode struct {
	Name      string          `json:"name"` // full name, namespace included
	LocalName string          `json:"local_name"`
	Namespace string          `json:"namespace"`
	Module    string          `json:"module"`
	Qualname  string          `json:"qualname"`
	Problem   string          `json:"problem"` // why the function cannot be imported by name ("" when it can)
	Inputs    json.RawMessage `json:"inputs"`  // as written: null, a name, a list or a mapping
	Outputs   json.RawMessage `json:"outputs"`
	Tags      []string        `json:"tags"`
	Confirms  []string        `json:"confirms"`
}

// Function is the node's function as kfc writes it, module:qualname.
func (n *KedroNode) Function() string { return n.Module + ":" + n.Qualname }

// Python picks the interpreter: flag, else $KFC_PYTHON, else `python` on
// PATH (where a Kedro user's environment is), else python3.
func Python(flag string, getenv func(string) (string, bool)) string {
	if flag != "" {
		return flag
	}
	if v, ok := getenv("KFC_PYTHON"); ok && v != "" {
		return v
	}
	if _, err := exec.LookPath("python"); err == nil {
		return "python"
	}
	return "python3"
}

// RunError is a failed snapshot: the interpreter could not start, or the
// script (or the project it imports) failed; Stderr holds its output.
type RunError struct {
	Python  string
	Err     error
	Stderr  string
	Started bool // false: the interpreter could not be started at all
}

func (e *RunError) Error() string {
	msg := fmt.Sprintf("%s could not load the Kedro project: %v", e.Python, e.Err)
	if tail := lastLines(e.Stderr, 30); tail != "" {
		msg += "\n" + tail
	}
	return msg
}

// Take runs python on the script (given on standard input) in the project
// folder dir and decodes what it prints. env is the process environment
// (nil: kfc's own).
func Take(ctx context.Context, python, dir string, env []string) (*Snapshot, error) {
	cmd := exec.CommandContext(ctx, python, "-", ".")
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdin = bytes.NewReader(snapshotScript)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, &RunError{Python: python, Err: err, Stderr: stderr.String(), Started: cmd.ProcessState != nil}
	}
	return Decode(stdout.Bytes())
}

// Decode reads a Snapshot (what the script printed, or a recorded copy).
func Decode(data []byte) (*Snapshot, error) {
	var s Snapshot
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("the snapshot script printed something that is not its JSON: %v", err)
	}
	if s.Pipelines == nil {
		return nil, errors.New("the snapshot has no pipelines")
	}
	return &s, nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}
