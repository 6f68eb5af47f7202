package cli

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/internal/synth"
)

// synthAnswers pins what kfc answers on generated projects, byte for byte,
// so that performance work (docs/bench.md, "Scale") cannot change a finding,
// a plan or a resolved configuration unnoticed. Each line is the sha256 of
// one command's exit code, stdout and stderr (the project folder replaced
// by PROJECT). KFC_UPDATE=1 rewrites the file; a change there must be one
// the answers are meant to make.
const synthAnswers = "../../testdata/synth_answers.txt"

// flawed adds findings to a generated project that go through the parser's
// alias handling: a duplicate key and a bad tag inside an anchor used twice.
const flawed = `
_flawed: &flawed
  type: pandas.CSVDataset
  save_args:
    index: false
    index: true
  load_args:
    when: !!int notanumber
flawed_one:
  <<: *flawed
  filepath: data/01_raw/flawed_one.csv
flawed_two:
  <<: *flawed
  filepath: data/01_raw/flawed_two.csv
shared_three:
  <<: [*shared, *flawed]
  layer: raw
`

// aliased adds entries that share anchors in every way the parser meets:
// an alias used at several depths, an alias inside an anchor, merges of a
// list of anchors, and an interpolation inside a shared template.
const aliased = `
_save: &flawed_save
  index: false
_shared: &shared
  type: pandas.ParquetDataset
  filepath: ${globals:paths.raw}/shared.parquet
  save_args:
    nested: &inner {a: 1, b: [1, 2, *flawed_save]}
shared_one: *shared
shared_two:
  <<: *shared
  metadata: {deep: {deeper: *inner}, again: *inner}
shared_four:
  <<: [*shared, *flawed_save]
  load_args: {x: *inner, y: [*inner, *flawed_save]}
`

func TestSynthAnswersUnchanged(t *testing.T) {
	projects := []struct {
		name  string
		opt   synth.Options
		extra string // appended to conf/base/catalog.yml
	}{
		{"d2000-n300", synth.Options{Datasets: 2000, Params: 300, Nodes: 300, Factories: 12, Seed: 1}, ""},
		{"d600-n100-s7", synth.Options{Datasets: 600, Params: 80, Nodes: 100, Factories: 30, Seed: 7}, ""},
		{"d600-aliased", synth.Options{Datasets: 600, Params: 80, Nodes: 50, Factories: 8, Seed: 3}, aliased},
		{"d600-flawed", synth.Options{Datasets: 600, Params: 80, Nodes: 50, Factories: 8, Seed: 3}, aliased + flawed},
	}
	commands := [][]string{
		{"vet", "-f", "json"},
		{"build"},
		{"config", "catalog", "-f", "json"},
		{"config", "parameters", "-f", "json"},
		{"catalog", "list", "-f", "json"},
	}
	var got strings.Builder
	// Paths are printed relative to the working directory: run from the
	// projects' parent so the answers do not depend on where the checkout is.
	answers, err := filepath.Abs(synthAnswers)
	if err != nil {
		t.Fatal(err)
	}
	parent := t.TempDir()
	t.Chdir(parent)
	for _, p := range projects {
		dir := filepath.Join(parent, p.name)
		if err := synth.Generate(dir, p.opt); err != nil {
			t.Fatal(err)
		}
		if p.extra != "" {
			f, err := os.OpenFile(filepath.Join(dir, "conf", "base", "catalog.yml"), os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.WriteString(p.extra); err != nil {
				t.Fatal(err)
			}
			f.Close()
		}
		for _, c := range commands {
			args := append(append([]string(nil), c...), dir)
			var stdout, stderr bytes.Buffer
			code := Main(args, &stdout, &stderr)
			out := fmt.Sprintf("exit %d\n%s\n--\n%s", code, stdout.String(), stderr.String())
			out = strings.ReplaceAll(out, dir, "PROJECT")
			fmt.Fprintf(&got, "%s %s %x\n", p.name, strings.Join(c, " "), sha256.Sum256([]byte(out)))
		}
	}
	if os.Getenv("KFC_UPDATE") == "1" {
		if err := os.WriteFile(answers, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(answers)
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != string(want) {
		t.Errorf("answers on generated projects changed (KFC_UPDATE=1 rewrites %s if meant):\n got:\n%s\nwant:\n%s", synthAnswers, got.String(), want)
	}
}
