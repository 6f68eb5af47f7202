package manifest

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/runtime/lockfile"
)

// checkSameBytes fails unless the hand-written encoder and encoding/json
// give the same bytes for m.
func checkSameBytes(t *testing.T, name string, m *Manifest) {
	t.Helper()
	c := normalized(m)
	want, err := encodeStd(&c)
	if err != nil {
		t.Fatalf("%s: encoding/json: %v", name, err)
	}
	got, err := appendManifest(nil, &c)
	if err != nil {
		t.Fatalf("%s: appendManifest: %v", name, err)
	}
	if string(got) != string(want) {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		t.Fatalf("%s: bytes differ at %d:\n got …%q\nwant …%q", name, i, got[max(0, i-40):min(len(got), i+40)], want[max(0, i-40):min(len(want), i+40)])
	}
	if e, _ := Encode(m); string(e) != string(want) {
		t.Fatalf("%s: Encode differs from encoding/json", name)
	}
	nodes, err := EncodeNodes(m.Nodes)
	if err != nil {
		t.Fatalf("%s: EncodeNodes: %v", name, err)
	}
	for _, given := range [][]byte{nodes, nil} {
		path := filepath.Join(t.TempDir(), "manifest.json")
		sync, err := WriteSyncLater(path, m, given)
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(path); string(b) != string(want) { // in place before the sync
			t.Fatalf("%s: WriteSyncLater (nodes given: %t) differs from encoding/json", name, given != nil)
		}
		if err := sync(); err != nil {
			t.Fatal(err)
		}
	}
}

// Strings encoding/json escapes in each of its ways.
var oddStrings = []string{
	"", "plain", `quote " and \ backslash`, "<html> & ampersand", "tab\tnl\ncr\rbs\bff\f",
	"ctl \x00\x01\x1f\x7f", "bad utf-8 \xff\xfe x \xe2\x80", "sep \u2028 and \u2029", "é ü 日本 😀",
}

func TestEncodeMatchesEncodingJSON(t *testing.T) {
	checkSameBytes(t, "empty", &Manifest{})
	checkSameBytes(t, "sample", sample(t, t.TempDir()))
	one := 1
	var nodes []Node
	for i, s := range oddStrings {
		nodes = append(nodes, Node{
			ID: "n" + s, Name: s, Command: s, Log: s, Reason: s, Status: s, DurationMS: int64(i) * 1e12,
			ExitCode: &one,
			Inputs:   []lockfile.Artifact{{Name: s, Path: s, Digest: s, Size: -1, Version: s}, {Name: "x", External: true}},
			Parameters: map[string]json.RawMessage{
				s:          json.RawMessage(`"` + strings.ToValidUTF8(strings.Map(func(r rune) rune { return max(r, ' ') }, strings.NewReplacer(`"`, "", `\`, "").Replace(s)), "") + `"`),
				"nested":   json.RawMessage(` {"b": [1, 2.50, {"c": null}], "a": {}, "e": [], "<": "&"} `),
				"list":     json.RawMessage(`[ ]`),
				"nil":      nil,
				"num":      json.RawMessage(" 1e3 "),
				"params:z": json.RawMessage(`[[1],[2,[3]]]`),
			},
		})
	}
	checkSameBytes(t, "odd strings", &Manifest{
		Arch: oddStrings[3], CommandLine: oddStrings, EndTime: oddStrings[4], Env: oddStrings[5],
		Git:   Git{Branch: oddStrings[6], Commit: oddStrings[7], Dirty: true, RepoURL: oddStrings[8]},
		Nodes: nodes, Tracking: &Tracking{ExperimentID: oddStrings[2], RunID: oddStrings[6], URI: oddStrings[7]},
		SchemaVersion: "7", User: oddStrings[1],
	})

	// Random manifests of the shape a run writes.
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func() string { return oddStrings[rng.IntN(len(oddStrings))] }
	for round := range 20 {
		m := &Manifest{RunID: pick(), Status: Finished, CommandLine: []string{"exec", pick()}}
		if rng.IntN(2) == 0 {
			m.Tracking = &Tracking{URI: pick()}
		}
		for i := range rng.IntN(30) {
			n := Node{ID: fmt.Sprint("node.", i), Name: pick(), Command: pick(), Status: Skipped, DurationMS: rng.Int64()}
			if rng.IntN(3) == 0 {
				code := rng.IntN(256) - 128
				n.ExitCode = &code
			}
			for j := range rng.IntN(4) {
				a := lockfile.Artifact{Name: fmt.Sprint("ds", j), Path: pick(), Size: rng.Int64N(1 << 40), Digest: "sha256:" + strings.Repeat("ab", 32)}
				if rng.IntN(2) == 0 {
					a.Version = pick()
				}
				n.Outputs = append(n.Outputs, a)
			}
			if rng.IntN(2) == 0 {
				n.Parameters = map[string]json.RawMessage{pick(): json.RawMessage(fmt.Sprint(rng.Float64())), "params:b": json.RawMessage(`{"z":1,"y":[true,false]}`)}
			}
			m.Nodes = append(m.Nodes, n)
		}
		checkSameBytes(t, fmt.Sprint("random ", round), m)
	}
}

// A parameter that is not JSON is the error encoding/json gives.
func TestEncodeBadParameterFallsBack(t *testing.T) {
	m := &Manifest{Nodes: []Node{{ID: "a", Parameters: map[string]json.RawMessage{"p": json.RawMessage("{bad")}}}}
	c := normalized(m)
	_, want := encodeStd(&c)
	_, err := Encode(m)
	if err == nil || want == nil || err.Error() != want.Error() {
		t.Fatalf("Encode error %v, encoding/json %v", err, want)
	}
}

func BenchmarkEncode1000(b *testing.B) {
	m := &Manifest{RunID: "r", CommandLine: []string{"exec", "."}, Tracking: &Tracking{URI: "sqlite:///mlflow.db"}}
	for i := range 1000 {
		m.Nodes = append(m.Nodes, Node{ID: fmt.Sprint("node.n", i), Name: fmt.Sprint("n", i), Command: "cp in out", Status: Skipped, Reason: "up to date",
			Inputs:  []lockfile.Artifact{{Name: "in", Path: "data/01_raw/in.bin", Size: 1 << 20, Digest: "sha256:" + strings.Repeat("ab", 32)}},
			Outputs: []lockfile.Artifact{{Name: "out", Path: "data/02_intermediate/out.bin", Size: 1 << 20, Digest: "sha256:" + strings.Repeat("cd", 32)}}})
	}
	b.Run("hand", func(b *testing.B) {
		for b.Loop() {
			Encode(m)
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		for b.Loop() {
			c := normalized(m)
			encodeStd(&c)
		}
	})
}
