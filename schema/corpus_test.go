package schema

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// TestCorpusCatalogs checks every catalog of the example projects (read
// from ../shared/corpus beside the repository): the only errors are the
// corpus's real problems.
func TestCorpusCatalogs(t *testing.T) {
	s := mustLoad(t)
	files, _ := filepath.Glob("../../shared/corpus/kedro/examples/*/conf/*/catalog*.yml")
	more, _ := filepath.Glob("../../shared/corpus/kedro/examples/*/conf/*/*/catalog*.yml")
	files = append(files, more...)
	if len(files) == 0 {
		t.Skip("corpus not found at ../../shared/corpus (run from the kfc checkout beside shared/)")
	}
	var diags diag.List
	entries := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rel := strings.TrimPrefix(f, "../../shared/corpus/kedro/examples/")
		root := tree.Parse(rel, src, &diags)
		if root == nil {
			continue
		}
		for _, p := range root.Pairs {
			if strings.HasPrefix(p.Key, "_") {
				continue
			}
			typ := p.Value.Get("type")
			if typ == nil || typ.Kind != tree.String {
				continue
			}
			entries++
			if full, ok := s.prefixResolve(typ.Text); ok {
				s.CheckDataset(full, p.Value, &diags)
			} else {
				s.CheckTypeName(typ.Text, typ.Pos(), &diags)
			}
		}
	}
	var errs []string
	infos := 0
	for _, d := range diags.Items() {
		switch d.Code {
		case CodeUncheckedType:
			infos++
			t.Log(d)
		default:
			errs = append(errs, d.String())
		}
	}
	want := []string{
		`kedro-viz-demo-project/conf/base/catalog_04_feature.yml:5:2: pandas.ParquetDataset does not take argument "layer"; it takes filepath, load_args, save_args, credentials, fs_args, metadata, versioned; since Kedro 0.19 the layer goes under metadata: kedro-viz: layer: [schema.UnknownArgument]`,
	}
	if strings.Join(errs, "\n") != strings.Join(want, "\n") {
		t.Errorf("corpus findings:\n%s\nwant:\n%s", strings.Join(errs, "\n"), strings.Join(want, "\n"))
	}
	t.Logf("%d catalog files, %d entries, %d info findings (project types kfc does not know)", len(files), entries, infos)
}

// TestCorpusKedroMlflowSnippets: the kedro-mlflow 2.0.2 documentation's
// catalog snippets are valid, except the placeholders the docs write for
// values ("...", "<valid-kedro-version>").
func TestCorpusKedroMlflowSnippets(t *testing.T) {
	s := mustLoad(t)
	src, err := os.ReadFile("../../shared/corpus/kedro-mlflow/catalog.docs-snippets-2.0.2.yml")
	if err != nil {
		t.Skip("corpus not found at ../../shared/corpus")
	}
	var got []string
	for i, doc := range strings.Split(string(src), "\n---\n")[1:] {
		for _, line := range checkCatalog(t, s, doc) {
			got = append(got, strings.Replace(line, "catalog.yml", "doc"+itoa(i+1), 1))
		}
	}
	want := []string{
		`doc4:5:5: "version" is reserved: Kedro removes it from the dataset configuration with a warning; use versioned: true and --load-versions instead [schema.ReservedVersion]`,
		`doc6:6:15: kedro_mlflow.io.metrics.MlflowMetricDataset argument load_args.step: expected null or an integer, got "..." [schema.ArgumentType]`,
		`doc6:8:15: kedro_mlflow.io.metrics.MlflowMetricDataset argument save_args.step: expected null or an integer, got "..." [schema.ArgumentType]`,
		`doc7:6:15: kedro_mlflow.io.metrics.MlflowMetricHistoryDataset argument load_args.mode: expected one of "list", "dict", "history"; got "..." [schema.ArgumentType]`,
		`doc7:8:15: kedro_mlflow.io.metrics.MlflowMetricHistoryDataset argument save_args.mode: expected one of "list", "dict", "history"; got "..." [schema.ArgumentType]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func itoa(i int) string { return string(rune('0' + i)) }
