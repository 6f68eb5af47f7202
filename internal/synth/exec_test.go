package synth

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGenerateExec(t *testing.T) {
	for _, tc := range []struct {
		shape      string
		inputs     int
		secondFrom string // what node 1 reads
	}{
		{"chain", 1, "out_0000"},
		{"fanout", 5, "in_0001"},
	} {
		t.Run(tc.shape, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "p")
			if err := GenerateExec(dir, ExecOptions{Nodes: 5, Shape: tc.shape, InputBytes: 5 << 20}); err != nil {
				t.Fatal(err)
			}
			read := func(p string) string {
				b, err := os.ReadFile(filepath.Join(dir, p))
				if err != nil {
					t.Fatal(err)
				}
				return string(b)
			}
			pipes, mk, cat := read("conf/base/pipelines.yml"), read("Makefile"), read("conf/base/catalog.yml")
			if n := strings.Count(pipes, "- name: n"); n != 5 {
				t.Errorf("%d nodes, want 5", n)
			}
			if !strings.Contains(pipes, "- name: n0001\n      run: [dd, \"if={in.src}\", \"of={out.dst}\", bs=64, count=1, status=none]\n      inputs: {src: "+tc.secondFrom+"}") {
				t.Errorf("node n0001 does not read %s:\n%s", tc.secondFrom, pipes)
			}
			if n := strings.Count(mk, "\tdd if="); n != 5 || !strings.Contains(mk, "--no-builtin-rules") {
				t.Errorf("Makefile: %d recipes (want 5), or built-in rules left on:\n%s", n, mk)
			}
			if n := strings.Count(cat, "type: text.TextDataset"); n != 5+tc.inputs {
				t.Errorf("%d catalog entries, want %d", n, 5+tc.inputs)
			}
			ins, _ := filepath.Glob(filepath.Join(dir, "data/01_raw/in_*.txt"))
			if len(ins) != tc.inputs {
				t.Fatalf("%d inputs, want %d", len(ins), tc.inputs)
			}
			st, _ := os.Stat(ins[0])
			if want := int64(5<<20) / int64(tc.inputs); st.Size() != want {
				t.Errorf("input size %d, want %d", st.Size(), want)
			}
			if a, b := read("data/01_raw/in_0000.txt")[:20], strings.Repeat("input 000000 ", 2)[:20]; a != b {
				t.Errorf("input content %q", a)
			}
		})
	}
	if err := GenerateExec(t.TempDir(), ExecOptions{Nodes: 1, Shape: "ring"}); err == nil {
		t.Error("unknown shape accepted")
	}
	if err := GenerateExec(t.TempDir(), ExecOptions{Shape: "chain"}); err == nil {
		t.Error("zero nodes accepted")
	}
}
