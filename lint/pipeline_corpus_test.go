package lint

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/model"
	"github.com/kfc-dev/kfc/compiler/pipeline"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// The corpus projects' conf/ (copied from Kedro's repositories, read-only
// under ../shared) with the pipelines their Python code defines, written
// in kfc's format under testdata/projects/<name>. The expectations come
// from the `expected:` sections of the corpus' pipelines.derived.yaml,
// which were checked against Kedro itself.
const corpusExamples = "../../shared/corpus/kedro/examples"

// corpusProject builds the project in a temporary folder and loads it.
func corpusProject(t *testing.T, name string) (*config.Project, []diag.Diagnostic, *tree.Node) {
	t.Helper()
	src := filepath.Join(corpusExamples, name)
	if _, err := os.Stat(filepath.Join(src, "conf")); err != nil {
		t.Skipf("corpus project %s not available (%v); it lives in ../shared/corpus", name, err)
	}
	root := t.TempDir()
	err := filepath.WalkDir(filepath.Join(src, "conf"), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(root, rel), 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(root, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	fixture, err := os.ReadFile(filepath.Join("..", "testdata", "projects", name, "conf", "base", "pipelines.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "conf", "base", "pipelines.yml"), fixture, 0o644); err != nil {
		t.Fatal(err)
	}
	var diags diag.List
	proj, err := config.Load(config.LoadOptions{Root: root, Getenv: func(string) (string, bool) { return "", false }}, &diags)
	if err != nil {
		t.Fatal(err)
	}
	Run(model.New(proj), &diags)
	derivedSrc, err := os.ReadFile(filepath.Join(src, "pipelines.derived.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var parseDiags diag.List
	derived := tree.Parse("pipelines.derived.yaml", derivedSrc, &parseDiags)
	if parseDiags.Len() > 0 {
		t.Fatal(parseDiags.Items())
	}
	return proj, diags.Items(), derived
}

// strs reads a string or a list of strings.
func strs(n *tree.Node) []string {
	if n == nil {
		return nil
	}
	if n.Kind == tree.Seq {
		var out []string
		for _, it := range n.Items {
			out = append(out, it.Text)
		}
		return out
	}
	return []string{n.Text}
}

func sortedCopy(in []string) []string {
	out := append([]string(nil), in...)
	sort.Strings(out)
	return out
}

// findingNames lists the dataset names quoted first in the messages of a rule.
func findingNames(items []diag.Diagnostic, rule string) []string {
	var out []string
	for _, d := range items {
		if d.Rule != rule {
			continue
		}
		if _, rest, ok := strings.Cut(d.Message, `"`); ok {
			name, _, _ := strings.Cut(rest, `"`)
			out = append(out, name)
		}
	}
	return sortedCopy(out)
}

func expandDefault(t *testing.T, proj *config.Project) *pipeline.Pipeline {
	t.Helper()
	pf := NewFacts(model.New(proj)).Pipelines()
	for _, p := range pf.Pipelines {
		if p.Name == pipeline.DefaultPipeline {
			return p
		}
	}
	t.Fatal("no __default__ pipeline")
	return nil
}

// checkCommon compares what every derived file states: the free inputs of
// __default__, the datasets Kedro would keep in memory, and that no
// pipeline rule reports an error.
func checkCommon(t *testing.T, proj *config.Project, items []diag.Diagnostic, derived *tree.Node) *pipeline.Pipeline {
	t.Helper()
	for _, d := range items {
		if strings.HasPrefix(d.Rule, "pipeline-") && d.Severity == diag.Error {
			t.Errorf("unexpected finding: %s", d)
		}
	}
	p := expandDefault(t, proj)
	expected := derived.Get("expected")
	equalLines(t, "free inputs", p.FreeInputs(), sortedCopy(strs(expected.Get("free_inputs"))))
	equalLines(t, "memory datasets", findingNames(items, RulePipelineEphemeralDataset),
		sortedCopy(strs(expected.Get("outputs_not_in_catalog_memory_dataset"))))
	return p
}

func TestCorpusSpaceflightsPandas(t *testing.T) {
	proj, items, derived := corpusProject(t, "spaceflights-pandas")
	checkCommon(t, proj, items, derived)
	// catalog_entries_unused_by___default__: [] and every parameter used
	equalLines(t, "unused", append(findingNames(items, RulePipelineUnusedDataset), findingNames(items, RulePipelineUnusedParameter)...), nil)
}

func TestCorpusSpaceflightsPyspark(t *testing.T) {
	proj, items, derived := corpusProject(t, "spaceflights-pyspark")
	p := checkCommon(t, proj, items, derived)
	// model_input_table@spark (written) and @pandas (read) are one graph
	// node: split_data_node depends on create_model_input_table_node.
	var parents []string
	for _, n := range p.Parents(p.Node("split_data_node")) {
		parents = append(parents, n.Name)
	}
	equalLines(t, "parents of split_data_node", parents, []string{"create_model_input_table_node"})
	equalLines(t, "unused", append(findingNames(items, RulePipelineUnusedDataset), findingNames(items, RulePipelineUnusedParameter)...), nil)
}

func TestCorpusKedroVizDemo(t *testing.T) {
	proj, items, derived := corpusProject(t, "kedro-viz-demo-project")
	p := checkCommon(t, proj, items, derived)

	// The transcoded pair ingestion.int_typed_shuttles@pandas1 (out) and
	// @pandas2 (in) makes combine_step depend on apply_types_to_shuttles.
	var parents []string
	for _, n := range p.Parents(p.Node("ingestion.combine_step")) {
		parents = append(parents, n.Name)
	}
	equalLines(t, "parents of combine_step", parents, []string{"ingestion.apply_types_to_reviews", "ingestion.apply_types_to_shuttles", "ingestion.company_agg"})

	// factory_patterns_matching_nothing
	equalLines(t, "unused factories", findingNames(items, RulePipelineUnusedDataset),
		sortedCopy(strs(derived.Get("expected").Get("factory_patterns_matching_nothing"))))
	equalLines(t, "unused parameters", findingNames(items, RulePipelineUnusedParameter), nil)

	// Every node of resolved___default__ (hand-derived from Kedro's
	// Pipeline._rename) with its namespace, inputs and outputs.
	want := map[string]string{}
	for _, it := range derived.Get("resolved___default__").Items {
		ns := ""
		if v := it.Get("ns"); v != nil && v.Kind == tree.String {
			ns = v.Text
		}
		name := ""
		if v := it.Get("name"); v != nil {
			name = v.Text
		} else if ns != "" {
			name = ns + "." + it.Get("func").Text
		} else {
			name = it.Get("func").Text
		}
		name = strings.Replace(name, "<lambda>__<hash>", "clone_spine_table", 1)
		want[name] = ns + " in=" + strings.Join(sortedCopy(bindingValues(it.Get("inputs"))), ",") +
			" out=" + strings.Join(sortedCopy(bindingValues(it.Get("outputs"))), ",")
	}
	got := map[string]string{}
	for _, n := range p.Nodes {
		var ins, outs []string
		for _, b := range n.Inputs {
			ins = append(ins, b.Dataset)
		}
		for _, b := range n.Params {
			ins = append(ins, b.Dataset)
		}
		for _, b := range n.Outputs {
			outs = append(outs, b.Dataset)
		}
		got[n.Name] = n.Namespace + " in=" + strings.Join(sortedCopy(ins), ",") + " out=" + strings.Join(sortedCopy(outs), ",")
	}
	if len(got) != len(want) {
		t.Errorf("%d nodes, want %d", len(got), len(want))
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("node %s:\n got %q\nwant %q", name, got[name], w)
		}
	}
}

// bindingValues reads a derived inputs/outputs value: str, list or mapping.
func bindingValues(n *tree.Node) []string {
	if n != nil && n.Kind == tree.Map {
		var out []string
		for _, p := range n.Pairs {
			out = append(out, p.Value.Text)
		}
		return out
	}
	return strs(n)
}
