package manifest

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"

	"github.com/kfc-dev/kfc/internal/esc"
	"github.com/kfc-dev/kfc/runtime/lockfile"
)

// appendManifest writes the bytes encodeStd writes for m (encoding/json,
// no HTML escaping, 2-space indent, final newline) without reflection: a
// no-op run of 1,000 nodes writes its manifest twice, and encoding/json
// spent ~15 ms each time. TestEncodeMatchesEncodingJSON holds the two
// equal. m must already be normalised by Encode (no nil lists or maps).
// An error (a parameter that is not valid JSON) makes Encode fall back to
// encoding/json, so the error a user sees is the same as before.
func appendManifest(b []byte, m *Manifest) ([]byte, error) {
	b = appendHead(b, m)
	b, err := appendNodes(b, m.Nodes)
	if err != nil {
		return nil, err
	}
	return appendTail(b, m), nil
}

// appendHead is what comes before the node array; appendTail what comes
// after it.
func appendHead(b []byte, m *Manifest) []byte {
	b = append(b, "{\n  \"arch\": "...)
	b = esc.AppendJSONString(b, m.Arch)
	b = append(b, ",\n  \"command_line\": "...)
	if len(m.CommandLine) == 0 {
		b = append(b, "[]"...)
	} else {
		b = append(b, '[')
		for i, s := range m.CommandLine {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n    "...)
			b = esc.AppendJSONString(b, s)
		}
		b = append(b, "\n  ]"...)
	}
	b = appendField(b, "\n  \"end_time\": ", m.EndTime)
	b = appendField(b, "\n  \"env\": ", m.Env)
	b = append(b, ",\n  \"git\": {\n    \"branch\": "...)
	b = esc.AppendJSONString(b, m.Git.Branch)
	b = appendField(b, "\n    \"commit\": ", m.Git.Commit)
	b = append(b, ",\n    \"dirty\": "...)
	b = strconv.AppendBool(b, m.Git.Dirty)
	b = appendField(b, "\n    \"repo_url\": ", m.Git.RepoURL)
	b = append(b, "\n  }"...)
	b = appendField(b, "\n  \"kfc_version\": ", m.KfcVersion)
	return append(b, ",\n  \"nodes\": "...)
}

func appendTail(b []byte, m *Manifest) []byte {
	b = appendField(b, "\n  \"os\": ", m.OS)
	b = appendField(b, "\n  \"pipeline\": ", m.Pipeline)
	b = appendField(b, "\n  \"plan_file\": ", m.PlanFile)
	b = appendField(b, "\n  \"plan_hash\": ", m.PlanHash)
	b = appendField(b, "\n  \"run_id\": ", m.RunID)
	b = appendField(b, "\n  \"schema_version\": ", m.SchemaVersion)
	b = appendField(b, "\n  \"start_time\": ", m.StartTime)
	b = appendField(b, "\n  \"status\": ", m.Status)
	if t := m.Tracking; t != nil {
		b = appendField(b, "\n  \"tracking\": {\n    \"experiment_id\": ", t.ExperimentID)
		b = appendField(b, "\n    \"run_id\": ", t.RunID)
		b = appendField(b, "\n    \"uri\": ", t.URI)
		b = append(b, "\n  }"...)
	}
	b = appendField(b, "\n  \"user\": ", m.User)
	return append(b, "\n}\n"...)
}

// appendNodes appends a manifest's "nodes" array (normalised nodes).
func appendNodes(b []byte, nodes []Node) ([]byte, error) {
	if len(nodes) == 0 {
		return append(b, "[]"...), nil
	}
	b = append(b, '[')
	for i := range nodes {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = appendNode(b, &nodes[i]); err != nil {
			return nil, err
		}
	}
	return append(b, "\n  ]"...), nil
}

// appendField appends a comma, then key (newline, indent and quoted name
// with ": ") and s as a JSON string.
func appendField(b []byte, key, s string) []byte {
	b = append(b, ',')
	b = append(b, key...)
	return esc.AppendJSONString(b, s)
}

func appendNode(b []byte, n *Node) ([]byte, error) {
	b = append(b, "\n    {\n      \"command\": "...)
	b = esc.AppendJSONString(b, n.Command)
	b = append(b, ",\n      \"duration_ms\": "...)
	b = strconv.AppendInt(b, n.DurationMS, 10)
	b = append(b, ",\n      \"exit_code\": "...)
	if n.ExitCode == nil {
		b = append(b, "null"...)
	} else {
		b = strconv.AppendInt(b, int64(*n.ExitCode), 10)
	}
	b = appendField(b, "\n      \"id\": ", n.ID)
	b = append(b, ",\n      \"inputs\": "...)
	b = appendArtifacts(b, n.Inputs)
	b = appendField(b, "\n      \"log\": ", n.Log)
	b = appendField(b, "\n      \"name\": ", n.Name)
	b = append(b, ",\n      \"outputs\": "...)
	b = appendArtifacts(b, n.Outputs)
	b = append(b, ",\n      \"parameters\": "...)
	if len(n.Parameters) == 0 {
		b = append(b, "{}"...)
	} else {
		keys := make([]string, 0, len(n.Parameters))
		for k := range n.Parameters {
			keys = append(keys, k)
		}
		slices.Sort(keys) // encoding/json sorts map keys by their UTF-8 bytes
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n        "...)
			b = esc.AppendJSONString(b, k)
			b = append(b, ": "...)
			var err error
			if b, err = appendRaw(b, n.Parameters[k]); err != nil {
				return nil, err
			}
		}
		b = append(b, "\n      }"...)
	}
	b = appendField(b, "\n      \"reason\": ", n.Reason)
	b = appendField(b, "\n      \"status\": ", n.Status)
	return append(b, "\n    }"...), nil
}

func appendArtifacts(b []byte, as []lockfile.Artifact) []byte {
	if len(as) == 0 {
		return append(b, "[]"...)
	}
	b = append(b, '[')
	for i := range as {
		a := &as[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n        {\n          \"digest\": "...)
		b = esc.AppendJSONString(b, a.Digest)
		b = append(b, ",\n          \"external\": "...)
		b = strconv.AppendBool(b, a.External)
		b = appendField(b, "\n          \"name\": ", a.Name)
		b = appendField(b, "\n          \"path\": ", a.Path)
		b = append(b, ",\n          \"size\": "...)
		b = strconv.AppendInt(b, a.Size, 10)
		if a.Version != "" {
			b = appendField(b, "\n          \"version\": ", a.Version)
		}
		b = append(b, "\n        }"...)
	}
	return append(b, "\n      ]"...)
}

// appendRaw appends a parameter value as encoding/json does a
// json.RawMessage inside the indented manifest: compacted (which checks
// it), then objects and arrays indented from the parameter's depth.
func appendRaw(b []byte, v json.RawMessage) ([]byte, error) {
	if v == nil {
		return append(b, "null"...), nil
	}
	var c bytes.Buffer
	if err := json.Compact(&c, v); err != nil {
		return nil, err
	}
	if cb := c.Bytes(); cb[0] != '{' && cb[0] != '[' {
		return append(b, cb...), nil
	}
	out := bytes.NewBuffer(b)
	if err := json.Indent(out, c.Bytes(), "        ", "  "); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
